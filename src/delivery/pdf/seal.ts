import fs from 'node:fs';

/**
 * Reads the authority's seal for the certificate PDF (config AVALA_AUTHORITY_SEAL): a PNG or JPEG file, at most 2 MiB.
 * Throws a plain sentence for anything else, so a wrong path stops the start instead of printing certificates
 * without it.
 */
export function readAuthoritySeal(file: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`Invalid configuration: AVALA_AUTHORITY_SEAL ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!png && !jpeg) throw new Error(`Invalid configuration: AVALA_AUTHORITY_SEAL ${file} is not a PNG or JPEG image`);
  if (bytes.length > 2 * 1024 * 1024) throw new Error(`Invalid configuration: AVALA_AUTHORITY_SEAL ${file} is larger than 2 MiB`);
  return bytes;
}
