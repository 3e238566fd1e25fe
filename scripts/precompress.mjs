// Writes FILE.br and FILE.gz beside each file named on the command line, at the encoders'
// highest levels (build time, once per file): leptos_axum's file service answers with them when
// the browser accepts brotli or gzip. Node's zlib does both, so the build needs no other tool.
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

for (const file of process.argv.slice(2)) {
  const data = readFileSync(file);
  const br = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gz);
  console.log(`    ${file.split('/').pop()}: ${data.length} B, brotli ${br.length} B, gzip ${gz.length} B`);
}
