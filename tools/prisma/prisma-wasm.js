// SPDX-License-Identifier: MIT
// prisma-wasm.js validate|format FILE...: runs Prisma's own schema engine
// (@prisma/prisma-schema-wasm, no native engines) on .prisma files.
//   validate: exit 1 and print Prisma's errors when a file is not valid;
//   format:   print the file in Prisma's canonical layout (`prisma format`).
'use strict';
const fs = require('fs');
const wasm = require('@prisma/prisma-schema-wasm');

const [command, ...files] = process.argv.slice(2);
let failed = false;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  if (command === 'validate') {
    try {
      wasm.validate(JSON.stringify({ prismaSchema: [[file, text]], noColor: true }));
      console.log(`${file}: valid for Prisma`);
    } catch (e) {
      let message = String(e.message || e);
      try { message = JSON.parse(message).message; } catch (_) { /* not JSON: keep it */ }
      console.error(`${file}: Prisma rejects it:\n${message}`);
      failed = true;
    }
  } else if (command === 'format') {
    const out = wasm.format(JSON.stringify([[file, text]]),
      JSON.stringify({ textDocument: { uri: 'file:' + file }, options: { tabSize: 2, insertSpaces: true } }));
    process.stdout.write(JSON.parse(out)[0][1]);
  } else {
    console.error('usage: prisma-wasm.js validate|format FILE...');
    process.exit(2);
  }
}
process.exit(failed ? 1 : 0);
