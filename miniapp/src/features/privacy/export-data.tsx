import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import type { DataExport } from '@shared/schemas/account';
import { ActionError } from '../../components/field-error';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';

/**
 * 导出我的数据: one tap builds the copy on the server (progress on the button); weapp downloads the
 * .xlsx and opens it (WeChat's document viewer, which can also send it on); H5 offers the files as
 * links. The links work for 10 minutes; asking again within them gives the same file.
 */
/** the JSON copy's name beside the spreadsheet's: 我的数据.xlsx → 我的数据.json */
const jsonName = (xlsx: string) => xlsx.replace(/\.xlsx$/, '') + '.json';

export function ExportData() {
  const [file, setFile] = useState<DataExport | null>(null);
  const { busy, problemOf, run } = useAction();
  const weapp = process.env.TARO_ENV === 'weapp';

  /** weapp: the .xlsx into a temporary file, then WeChat's document viewer */
  const open = async (made: DataExport) => {
    const { tempFilePath } = await Taro.downloadFile({ url: made.xlsxUrl });
    await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true });
  };

  /**
   * H5: the link answers Content-Disposition: attachment with the Chinese name, so following it
   * saves the file (我的数据.xlsx / 我的数据.json) and this page stays; `download` names it too where
   * the browser honours it.
   */
  const download = (url: string, name: string) => {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
  };

  const make = async () => {
    const done = await run('export', async () => {
      const made = await api.exportMyData();
      setFile(made);
      if (weapp) await open(made);
    });
    if (done) void Taro.showToast({ title: '已生成', icon: 'success' });
  };

  return (
    <View>
      <Text className="muted">生成一份我们保存的关于您的全部信息（Excel 表格和 JSON 文件），链接 10 分钟内有效。</Text>
      <Button className="big-button big-button--ghost privacy__action" disabled={busy !== null} onClick={make}>
        {busy === 'export' ? '正在生成，请稍候…' : '导出我的数据'}
      </Button>
      <ActionError message={problemOf('export') ?? problemOf('open')} />
      {file ? (
        <View className="privacy__files">
          <Text className="muted">
            生成于 {beijingDisplay(file.createdAt)}，链接有效至 {beijingDisplay(file.expiresAt)}
          </Text>
          {weapp ? (
            <Button className="big-button privacy__action" disabled={busy !== null} onClick={() => run('open', () => open(file))}>
              {busy === 'open' ? '正在打开…' : `打开 ${file.filename}`}
            </Button>
          ) : (
            <>
              <Button className="big-button privacy__action" onClick={() => download(file.xlsxUrl, file.filename)}>
                下载 {file.filename}
              </Button>
              <Button
                className="big-button big-button--ghost privacy__action"
                onClick={() => download(file.jsonUrl, jsonName(file.filename))}
              >
                下载 {jsonName(file.filename)}
              </Button>
            </>
          )}
        </View>
      ) : null}
    </View>
  );
}
