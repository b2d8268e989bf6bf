import Taro from '@tarojs/taro';

export interface PickedFile {
  name: string;
  format: 'csv' | 'xlsx';
  /** csv: the text; xlsx: base64 */
  content: string;
  bytes: number;
}

const formatOf = (name: string): 'csv' | 'xlsx' | null => (/\.csv$/i.test(name) ? 'csv' : /\.xlsx$/i.test(name) ? 'xlsx' : null);

/**
 * A .csv or .xlsx the person picks: on weapp one sent in a chat (chooseMessageFile), on H5 the
 * browser's file picker. Null when they cancel; a thrown Error (Chinese) for another kind of file.
 */
export async function pickImportFile(): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'weapp') {
    const reply = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'xlsx'] }).catch(() => null);
    const file = reply?.tempFiles[0];
    if (!file) return null;
    const format = formatOf(file.name);
    if (!format) throw new Error('请选择 .csv 或 .xlsx 文件');
    const content = await new Promise<string>((resolve, reject) =>
      Taro.getFileSystemManager().readFile({
        filePath: file.path,
        encoding: format === 'csv' ? 'utf8' : 'base64',
        success: (r) => resolve(String(r.data)),
        fail: reject,
      }),
    );
    return { name: file.name, format, content, bytes: file.size };
  }
  const file = await new Promise<File | null>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,.xlsx';
    input.style.display = 'none';
    input.onchange = () => (resolve(input.files?.[0] ?? null), input.remove());
    input.addEventListener('cancel', () => (input.remove(), resolve(null)));
    document.body.appendChild(input);
    input.click();
  });
  if (!file) return null;
  const format = formatOf(file.name);
  if (!format) throw new Error('请选择 .csv 或 .xlsx 文件');
  const content = format === 'csv' ? await file.text() : base64Of(new Uint8Array(await file.arrayBuffer()));
  return { name: file.name, format, content, bytes: file.size };
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
