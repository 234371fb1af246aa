// A shop written in Node.js: posts orders to the broker's ingress with the official CloudEvents SDK for JavaScript,
// in binary mode, after checking each order's data against the published JSON Schema of order.placed.
//   node shop.mjs <ingress URL> <schema file> <order id>...
// Prints "<order id> <status>" per order; exits 1 when the schema refuses an order or the broker does not answer 202.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { CloudEvent, HTTP } from 'cloudevents';

const [ingress, schemaFile, ...orderIds] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

for (const orderId of orderIds) {
  const data = {
    orderId,
    customerId: 'customer-node-1',
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: 10.0 }, { sku: 'SKU-2', quantity: 3, unitPrice: 5.5 }],
    payment: { method: 'card', token: 'tok_visa_4242' },
    shippingAddress: { name: 'Grace Hopper', street: 'Rue de Rivoli 1', city: 'Paris', postalCode: '75001', country: 'FR' },
  };
  if (!validate(data)) {
    console.log(`${orderId} refused by ${schema.$id}: ${JSON.stringify(validate.errors)}`);
    process.exitCode = 1;
    continue;
  }
  const event = new CloudEvent({
    type: schema.title,
    source: '/shops/node',
    subject: orderId,
    partitionkey: orderId,
    dataschema: schema.$id,
    datacontenttype: 'application/json',
    data,
  });
  const message = HTTP.binary(event);
  const response = await fetch(ingress, { method: 'POST', headers: message.headers, body: message.body });
  console.log(`${orderId} ${response.status}`);
  if (response.status !== 202) {
    console.log(await response.text());
    process.exitCode = 1;
  }
}
