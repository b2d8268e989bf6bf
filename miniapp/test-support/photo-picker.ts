/**
 * The H5 photo picker in jsdom tests (lib/photo-upload.ts clicks a hidden <input type=file>): the
 * next such click gets these files, as if the person chose them; [] is a cancel. Needs
 * `jest.restoreAllMocks()` after each test.
 */
export function pickNext(files: File[]) {
  jest.spyOn(HTMLInputElement.prototype, 'click').mockImplementationOnce(function (this: HTMLInputElement) {
    Object.defineProperty(this, 'files', { value: files });
    this.onchange?.(new Event('change'));
  });
}

/** `size` bytes that start as a JPEG does (what the picker sniffs), the rest zeros. */
export function jpegBytes(size: number) {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}
