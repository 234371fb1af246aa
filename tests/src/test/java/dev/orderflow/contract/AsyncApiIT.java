package dev.orderflow.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.harness.NodePackage;
import dev.orderflow.harness.Project;

/**
 * docs/asyncapi.yaml parses with the AsyncAPI project's own parser ({@code @asyncapi/parser} from npm, at the version
 * tests/src/test/node/asyncapi/package-lock.json pins) without an error or a warning; and the parser does find an
 * error when the document names a message it lacks.
 */
class AsyncApiIT {

    static NodePackage parser;

    @BeforeAll
    static void installTheParser() {
        parser = NodePackage.install("asyncapi");
    }

    @Test
    void shouldParseThePublishedDocumentWithoutAnErrorOrWarning() {
        NodePackage.Result parsed = parser.node("check.mjs", Project.ROOT.resolve(ContractFiles.ASYNCAPI).toString());

        assertThat(parsed.exit()).as(parsed.output()).isZero();
        assertThat(parsed.output()).doesNotContain("error ").doesNotContain("warning ")
                .contains(EventCatalog.ENTRIES.size() + " messages");
    }

    @Test
    void shouldReportAnErrorInADocumentThatNamesAMessageItLacks() throws Exception {
        String doc = Files.readString(Project.ROOT.resolve(ContractFiles.ASYNCAPI));
        Path broken = Project.workDir("asyncapi").resolve("broken.yaml");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, doc.replaceFirst("\\$ref: \"#/components/messages/",
                "\\$ref: \"#/components/messages/missing."));

        NodePackage.Result parsed = parser.node("check.mjs", broken.toString());

        assertThat(parsed.exit()).as(parsed.output()).isEqualTo(1);
        assertThat(parsed.output()).contains("error ");
    }
}
