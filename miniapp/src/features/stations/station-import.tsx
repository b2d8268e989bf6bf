import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { z } from 'zod';
import { MAX_STATION_XLSX_BYTES, MAX_STATION_XLSX_ROWS, type ImportResult } from '@shared/contract/stations';
import { columnHeadingOf, stationColumns } from '@shared/station-columns';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { pickImportFile, type PickedFile } from '../../lib/pick-import-file';
import { ActionError } from '../../components/field-error';
import './station-edit.css';

/** The server takes 64 KB of CSV a request; larger files go through the command line (docs/stations.md). */
const MAX_CSV_BYTES = 60 * 1024;

/** Why a picked file cannot be sent, before sending it (sizes as the file system gives them). */
export function fileProblem(file: PickedFile): string | null {
  if (!file.bytes || !file.content.trim()) return '文件是空的';
  if (file.format === 'csv') {
    if (file.content.includes('\uFFFD'))
      return '文件不是 UTF-8 编码：请在 Excel 里“另存为 CSV UTF-8（逗号分隔）”后再选，或直接选 .xlsx 文件';
    if (file.bytes > MAX_CSV_BYTES) return 'CSV 文件超过 60 KB：请拆成几个文件、改选 .xlsx 文件，或用命令行导入';
    return null;
  }
  if (file.bytes > MAX_STATION_XLSX_BYTES) return `Excel 文件超过 1 MB：请拆成几个文件（每个至多 ${MAX_STATION_XLSX_ROWS} 行）`;
  return null;
}

/** 表格列: the headings row 1 may use, which are required, and one example row. */
function ColumnHelp() {
  const shown = stationColumns.filter((c) => c.key !== 'orgId');
  return (
    <View className="import-columns">
      <Text className="import-columns__title">表格列</Text>
      <Text className="muted">
        第一行写列名（顺序不限）：
        {shown.map((c) => `${c.heading}${c.required ? '（必填）' : ''}`).join('、')}
        。纬度、经度用
        GCJ-02（高德、腾讯地图上的坐标）；所属组织代码见“组织管理”里各组织名称下方；设施可写多个，用“|”或“、”隔开。原来的英文列名（name、lat、orgId
        等）也可以用。
      </Text>
      <Text className="import-columns__title">示例行</Text>
      <View className="import-columns__example">
        {shown
          .filter((c) => c.example)
          .map((c) => (
            <Text key={c.key} className="import-columns__cell">
              {c.heading}：{c.example}
            </Text>
          ))}
      </View>
    </View>
  );
}

/** Staff import stations from a CSV or .xlsx: check first (nothing written), then import; problems listed by row. */
export function StationImport() {
  const [file, setFile] = useState<PickedFile | null>(null);
  const [report, setReport] = useState<z.infer<typeof ImportResult> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, problemOf, run } = useAction();

  const choose = async () => {
    let picked: PickedFile | null;
    try {
      picked = await pickImportFile();
    } catch (e) {
      setFile(null);
      return setProblem(e instanceof Error ? e.message : '读取文件失败，请重试');
    }
    if (!picked) return;
    setReport(null);
    setProblem(fileProblem(picked));
    setFile(picked);
  };
  const send = (dryRun: boolean) =>
    run(dryRun ? 'check' : 'import', async () => {
      const body = file!.format === 'csv' ? { csv: file!.content, dryRun } : { xlsx: file!.content, dryRun };
      const result = await api.importStations({ body });
      setReport(result);
      if (!dryRun) void Taro.showToast({ title: '导入完成', icon: 'success' });
    });

  return (
    <View className="page">
      <View className="card">
        <Text className="card__title">从表格导入驿站</Text>
        <Text className="muted">
          选 Excel 文件（.xlsx，读第一个工作表，至多 1 MB、{MAX_STATION_XLSX_ROWS} 行）或“CSV UTF-8”文件（至多 60
          KB）。同一外部编号再次导入会更新原驿站。
          {process.env.TARO_ENV === 'weapp' ? '在微信里先把文件发到任一聊天，再从聊天中选择。' : ''}
        </Text>
        <ColumnHelp />
        <Button className="big-button big-button--ghost" onClick={choose}>
          {file ? `已选：${file.name}（点此换一个）` : '选择 Excel 或 CSV 文件'}
        </Button>
        <ActionError message={problem} />
        {file && !problem ? (
          <View className="detail-actions">
            <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={() => send(true)}>
              {busy === 'check' ? '正在检查…' : '先检查（不写入）'}
            </Button>
            <Button className="big-button" disabled={busy !== null} onClick={() => send(false)}>
              {busy === 'import' ? '正在导入…' : '导入'}
            </Button>
          </View>
        ) : null}
        <ActionError message={problemOf('check') ?? problemOf('import')} />
      </View>
      {report ? (
        <View className="card import-report">
          <Text className="card__title">{report.dryRun ? '检查结果（尚未写入）' : '导入结果'}</Text>
          <Text className="import-report__row">
            {report.dryRun ? '将新建' : '新建'} {report.created} 个，{report.dryRun ? '将更新' : '更新'} {report.updated} 个，有问题的{' '}
            {report.errors.length} 处
          </Text>
          {report.errors.map((e, i) => (
            <Text key={`${e.row}-${e.field}-${i}`} className="import-report__row field-error">
              第 {e.row} 行 · {columnHeadingOf(e.field)}：{e.message}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}
