import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { IMPORT_CHUNK, MAX_IMPORT_FILE_BYTES, type ImportResult, type ImportRow } from '@shared/schemas/org-admin';
import { api } from '../../lib/api';
import { pickImportFile, type PickedFile } from '../../lib/pick-import-file';
import { useAction } from '../../lib/use-action';
import { ActionError } from '../../components/field-error';

type Step =
  | { kind: 'idle' }
  | { kind: 'checked'; file: PickedFile; result: ImportResult }
  | { kind: 'writing'; done: number; total: number }
  | { kind: 'done'; created: number; updated: number; unchanged: number };

/**
 * 导入组织: pick a .csv or .xlsx (columns 组织代码, 名称, 简称, 上级组织代码, 层级 optional), see the
 * dry run's report (every bad row with its row number, or how many will be created and updated),
 * then 确认导入: the checked rows go back 200 a request, parents first, with progress.
 */
export function OrgImport({ onImported }: { onImported: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [note, setNote] = useState<string | null>(null);
  const { run, busy, problemOf } = useAction();

  const choose = () =>
    run('check', async () => {
      setNote(null);
      const file = await pickImportFile().catch((e: Error) => (setNote(e.message), null));
      if (!file) return;
      if (file.bytes > MAX_IMPORT_FILE_BYTES) return setNote('文件太大（上限 3 MB），请拆成几个文件');
      const result = await api.importOrgs({ body: { format: file.format, content: file.content, dryRun: true } });
      setStep({ kind: 'checked', file, result });
    });

  const write = (rows: ImportRow[]) =>
    run('write', async () => {
      const totals = { created: 0, updated: 0, unchanged: 0 };
      setStep({ kind: 'writing', done: 0, total: rows.length });
      for (let i = 0; i < rows.length; i += IMPORT_CHUNK) {
        const reply = await api.importOrgs({ body: { format: 'rows', rows: rows.slice(i, i + IMPORT_CHUNK) } });
        if (reply.errors.length)
          return setNote(`第 ${reply.errors[0]!.row} 行：${reply.errors[0]!.message}（之前的 ${i} 行已导入，改好后重新导入即可）`);
        totals.created += reply.created;
        totals.updated += reply.updated;
        totals.unchanged += reply.unchanged;
        setStep({ kind: 'writing', done: Math.min(i + IMPORT_CHUNK, rows.length), total: rows.length });
      }
      setStep({ kind: 'done', ...totals });
      void Taro.showToast({ title: '导入完成', icon: 'success' });
      onImported();
    });

  return (
    <View className="card org-admin__import">
      <Text className="card__title">导入组织</Text>
      <Text className="muted">表格列：组织代码、名称、简称、上级组织代码（层级可不填）。同一组织代码再次导入会更新名称。</Text>
      {step.kind === 'idle' || step.kind === 'done' ? (
        <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={() => void choose()}>
          {busy === 'check' ? '正在检查…' : '选择 CSV 或 Excel 文件'}
        </Button>
      ) : null}
      <ActionError message={problemOf('check') ?? note} />
      {step.kind === 'checked' ? <ImportReport file={step.file} result={step.result} /> : null}
      {step.kind === 'checked' && step.result.errors.length === 0 && step.result.rows ? (
        <Button className="big-button" disabled={busy !== null} onClick={() => void write(step.result.rows!)}>
          确认导入
        </Button>
      ) : null}
      {step.kind === 'checked' ? (
        <Button className="big-button big-button--ghost" onClick={() => setStep({ kind: 'idle' })}>
          重新选择文件
        </Button>
      ) : null}
      {step.kind === 'writing' ? (
        <View role="status">
          <Text className="org-admin__progress">{`已导入 ${step.done} / ${step.total}`}</Text>
        </View>
      ) : null}
      <ActionError message={problemOf('write')} />
      {step.kind === 'done' ? (
        <View role="status">
          <Text className="org-admin__progress">{`导入完成：新建 ${step.created} 个，更新 ${step.updated} 个，未变 ${step.unchanged} 个`}</Text>
        </View>
      ) : null}
    </View>
  );
}

/** The dry run: what will happen, or each bad row (row, column, problem) and that nothing was written. */
export function ImportReport({ file, result }: { file: Pick<PickedFile, 'name'>; result: ImportResult }) {
  if (result.errors.length === 0) {
    return (
      <View role="status">
        <Text className="org-admin__summary">
          {`${file.name}：共 ${result.total} 行，将新建 ${result.created} 个、更新 ${result.updated} 个、未变 ${result.unchanged} 个组织`}
        </Text>
      </View>
    );
  }
  return (
    <View>
      <View role="alert">
        <Text className="field-error">{`${file.name}：有 ${result.errors.length} 处问题，未导入任何内容。请改好后重新选择文件。`}</Text>
      </View>
      <View className="org-admin__report" role="table" aria-label="导入检查结果">
        <View className="org-admin__report-row org-admin__report-head" role="row">
          <View role="columnheader">
            <Text>行</Text>
          </View>
          <View role="columnheader">
            <Text>列</Text>
          </View>
          <View role="columnheader">
            <Text>问题</Text>
          </View>
        </View>
        {result.errors.slice(0, 200).map((e, i) => (
          <View key={i} className="org-admin__report-row" role="row">
            <View role="cell">
              <Text>{`第 ${e.row} 行`}</Text>
            </View>
            <View role="cell">
              <Text>{e.field}</Text>
            </View>
            <View role="cell">
              <Text>{e.message}</Text>
            </View>
          </View>
        ))}
      </View>
      {result.errors.length > 200 ? <Text className="muted">{`只列出前 200 处，共 ${result.errors.length} 处`}</Text> : null}
    </View>
  );
}
