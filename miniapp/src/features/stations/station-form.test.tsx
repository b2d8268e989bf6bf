import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test-support/fake-api';
import { emptyStationDraft, StationForm, toStationInput } from './station-form';
import { PhotoStrip } from './photo-strip';
import { photoProblem } from './station-photo-editor';

const keep = { orgId: 'fengtai-lugouqiao', photos: [], honours: [] };

describe('station editor: checks before sending', () => {
  it('says beside each field what is missing or wrong', () => {
    const result = toStationInput({ ...emptyStationDraft(), name: '站', lat: '', lng: '200', managerPhone: '123' }, keep);
    expect('errors' in result && result.errors).toEqual(
      expect.objectContaining({
        name: ['名称至少 2 个字'],
        address: ['请填写地址'],
        'location.lat': ['请填写纬度（如 39.8605）'],
        'location.lng': [expect.stringContaining('经度应在')],
        managerPhone: [expect.stringContaining('请填写手机号或座机号')],
      }),
    );
  });

  it('converts typed WGS-84 coordinates to GCJ-02 (stored system) and keeps GCJ-02 as typed', () => {
    const draft = { ...emptyStationDraft(), name: '卢沟桥驿站', address: '卢沟桥南里 1 号', lat: '39.8605', lng: '116.2541' };
    const gcj = toStationInput(draft, keep);
    const wgs = toStationInput({ ...draft, coord: 'wgs84' }, keep);
    expect('body' in gcj && gcj.body.location).toEqual({ lat: 39.8605, lng: 116.2541 });
    if (!('body' in wgs)) throw new Error('expected a body');
    // in Beijing GCJ-02 lies about 100-700 m from WGS-84, north-east
    expect(wgs.body.location.lat).toBeGreaterThan(39.8605);
    expect(wgs.body.location.lng).toBeGreaterThan(116.2541);
  });

  it('refuses a photo of the wrong type or over 5 MB before uploading it', () => {
    expect(photoProblem({ path: 'a.gif', size: 100, contentType: null })).toBe('只能上传 JPG 或 PNG 格式的照片');
    expect(photoProblem({ path: 'a.jpg', size: 6 * 1024 * 1024, contentType: 'image/jpeg' })).toContain('5 MB');
    expect(photoProblem({ path: 'a.jpg', size: 2000, contentType: 'image/jpeg' })).toBeNull();
  });
});

describe('station detail: photo strip', () => {
  it('shows thumbnails and opens the full photos on tap', () => {
    const preview = jest.fn();
    (Taro as unknown as { previewImage: typeof preview }).previewImage = preview;
    const { container } = render(
      <PhotoStrip
        photos={[
          { id: 'p1', thumbUrl: 'http://127.0.0.1:4569/b/p1-thumb.jpg', url: 'http://127.0.0.1:4569/b/p1.jpg' },
          { thumbUrl: 'https://example.cn/linked.jpg', url: 'https://example.cn/linked.jpg' },
        ]}
      />,
    );
    expect(screen.getByText('照片')).toBeTruthy();
    const images = container.querySelectorAll('img');
    expect(Array.from(images).map((i) => i.getAttribute('src'))).toEqual([
      'http://127.0.0.1:4569/b/p1-thumb.jpg',
      'https://example.cn/linked.jpg',
    ]);
    fireEvent.click(images[0]!);
    expect(preview).toHaveBeenCalledWith({
      urls: ['http://127.0.0.1:4569/b/p1.jpg', 'https://example.cn/linked.jpg'],
      current: 'http://127.0.0.1:4569/b/p1.jpg',
    });
  });

  it('shows nothing without photos', () => {
    const { container } = render(<PhotoStrip photos={[]} />);
    expect(container.textContent).toBe('');
  });
});

describe('station editor: amenities', () => {
  it('says beside 设施 that workers look for them, and saves a station with none', async () => {
    const saved = jest.fn();
    const api = fakeApi({
      'POST /staff/stations': (body) => [201, { ...body, id: 'st-new', status: 'open', updatedAt: '2026-11-30T00:00:00.000Z' }],
    });
    const { container } = render(<StationForm orgId="fengtai-lugouqiao" onSaved={saved} />);
    expect(screen.getByText(/职工按设施找驿站/)).toBeTruthy();

    const type = (name: string, value: string) => fireEvent.change(container.querySelector(`[name="${name}"]`)!, { target: { value } });
    type('station-name', '卢沟桥测试驿站');
    type('station-address', '卢沟桥南里 1 号');
    type('station-lat', '39.8605');
    type('station-lng', '116.2541');
    fireEvent.click(screen.getByText('保存驿站'));

    await waitFor(() => expect(api.sent('POST /staff/stations')).toEqual([expect.objectContaining({ amenities: [] })]));
  });
});
