import Taro from '@tarojs/taro';

/**
 * A text file the person picks: on weapp one sent in a chat (chooseMessageFile: a phone has no file
 * browser), on H5 the browser's file picker. Null when they cancel.
 */
export async function pickTextFile(extensions: string[]): Promise<{ name: string; text: string } | null> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const reply = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions });
      const file = reply.tempFiles[0];
      if (!file) return null;
      const text = await new Promise<string>((resolve, reject) =>
        Taro.getFileSystemManager().readFile({
          filePath: file.path,
          encoding: 'utf8',
          success: (r) => resolve(String(r.data)),
          fail: reject,
        }),
      );
      return { name: file.name, text };
    } catch {
      return null;
    }
  }
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = extensions.map((e) => `.${e}`).join(',');
    input.style.display = 'none';
    input.onchange = async () => {
      const file = input.files?.[0];
      input.remove();
      resolve(file ? { name: file.name, text: await file.text() } : null);
    };
    input.addEventListener('cancel', () => (input.remove(), resolve(null)));
    document.body.appendChild(input);
    input.click();
  });
}
