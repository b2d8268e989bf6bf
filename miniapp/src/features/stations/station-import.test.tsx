import { Blob as NodeBlob, Buffer } from 'node:buffer';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { StationImport } from './station-import';

/** A picked file as a browser gives it (jsdom's File cannot read itself: Node's Blob reads the same bytes). */
function fileOf(parts: (string | Uint8Array<ArrayBuffer>)[], name: string): File {
  const file = new File(parts, name);
  const blob = new NodeBlob(parts);
  Object.defineProperties(file, { arrayBuffer: { value: () => blob.arrayBuffer() }, text: { value: () => blob.text() } });
  return file;
}

/** The H5 file picker: the next hidden <input type=file> clicked gets this file, as if the person chose it. */
function pickNext(file: File) {
  const click = jest.spyOn(HTMLInputElement.prototype, 'click').mockImplementationOnce(function (this: HTMLInputElement) {
    Object.defineProperty(this, 'files', { value: [file] });
    this.onchange?.(new Event('change'));
  });
  return click;
}

// the start of a real .xlsx (a zip): bytes that are not text, so base64 is the only way up
const xlsxBytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x08, 0xff, 0xfe, 0x00, 0x80]);
const report = {
  dryRun: true,
  created: 2,
  updated: 1,
  errors: [{ row: 4, field: 'lat', message: '纬度应在 -90 到 90 之间' }],
};

afterEach(() => jest.restoreAllMocks());

it('an .xlsx picked goes up as base64 and the per-row report shows', async () => {
  const api = fakeApi({ 'POST /staff/stations/import': [200, report] });
  render(<StationImport />);
  pickNext(fileOf([xlsxBytes], '驿站.xlsx'));
  fireEvent.click(screen.getByText('选择 Excel 或 CSV 文件'));
  fireEvent.click(await screen.findByText('先检查（不写入）'));

  await screen.findByText('检查结果（尚未写入）');
  expect(api.sent('POST /staff/stations/import')).toEqual([{ xlsx: Buffer.from(xlsxBytes).toString('base64'), dryRun: true }]);
  expect(screen.getByText(/将新建 2 个，将更新 1 个/)).toBeTruthy();
  expect(screen.getByText(/第 4 行 · 纬度：纬度应在 -90 到 90 之间/)).toBeTruthy();

  fireEvent.click(screen.getByText('导入'));
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '导入完成' })]));
  expect(api.sent('POST /staff/stations/import')[1]).toMatchObject({ dryRun: false, xlsx: expect.any(String) });
});

it('a CSV still goes up as text', async () => {
  const api = fakeApi({ 'POST /staff/stations/import': [200, { ...report, errors: [] }] });
  render(<StationImport />);
  pickNext(fileOf(['externalId,name\nx,驿站'], 'stations.csv'));
  fireEvent.click(screen.getByText('选择 Excel 或 CSV 文件'));
  fireEvent.click(await screen.findByText('先检查（不写入）'));
  await screen.findByText('检查结果（尚未写入）');
  expect(api.sent('POST /staff/stations/import')).toEqual([{ csv: 'externalId,name\nx,驿站', dryRun: true }]);
});

it('an .xlsx over 1 MB is refused before sending, and so is another kind of file', async () => {
  const api = fakeApi({});
  render(<StationImport />);
  pickNext(fileOf([new Uint8Array(1024 * 1024 + 1)], '大表.xlsx'));
  fireEvent.click(screen.getByText('选择 Excel 或 CSV 文件'));
  expect(await screen.findByText(/Excel 文件超过 1 MB/)).toBeTruthy();
  expect(screen.queryByText('先检查（不写入）')).toBeNull();

  pickNext(fileOf(['x'], '驿站.xls'));
  fireEvent.click(screen.getByText(/已选：大表.xlsx/));
  expect(await screen.findByText('请选择 .csv 或 .xlsx 文件')).toBeTruthy();
  expect(api.sent('POST /staff/stations/import')).toEqual([]);
});

it('lists the accepted columns in Chinese with an example row', () => {
  fakeApi({});
  const { container } = render(<StationImport />);
  const help = container.querySelector('.import-columns')!.textContent!;
  for (const heading of [
    '外部编号（必填）',
    '名称（必填）',
    '地址（必填）',
    '所属组织代码',
    '纬度（必填）',
    '经度（必填）',
    '设施',
    '开放时间（必填）',
    '联系电话',
  ]) {
    expect(help).toContain(heading);
  }
  expect(help).toContain('所属组织代码：110106001');
  expect(help).not.toContain('fengtai-lugouqiao'); // staff never see internal org ids
});
