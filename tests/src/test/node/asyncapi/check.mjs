// Parses an AsyncAPI document with the AsyncAPI project's own parser and prints every diagnostic; exits 1 on an
// error. node check.mjs <file> (AsyncApiIT installs the parser from package-lock.json beside this file).
import { Parser, fromFile } from '@asyncapi/parser';

const file = process.argv[2];
const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, file).parse();
const severities = ['error', 'warning', 'info', 'hint'];
for (const d of diagnostics) {
  console.log(`${severities[d.severity]} ${d.code} at ${d.path.join('.')}: ${d.message}`);
}
const errors = diagnostics.filter((d) => d.severity === 0);
if (!document || errors.length > 0) {
  console.log(`${file}: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`${file}: AsyncAPI ${document.version()}, ${document.allMessages().length} messages, ${document.operations().length} operations`);
