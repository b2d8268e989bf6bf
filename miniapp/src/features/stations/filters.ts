import type { Amenity } from '@shared/schemas/station';

/** The chips above the list: what people on the road ask for most. */
export const filterChips: { key: string; label: string; amenity?: Amenity; flag?: 'openNow' | 'allDay' }[] = [
  { key: 'microwave', label: '热饭', amenity: 'microwave' },
  { key: 'charging', label: '充电', amenity: 'charging' },
  { key: 'hot-water', label: '饮水', amenity: 'hot-water' },
  { key: 'toilet', label: '厕所', amenity: 'toilet' },
  { key: 'openNow', label: '营业中', flag: 'openNow' },
  { key: 'allDay', label: '24小时', flag: 'allDay' },
];

export function queryFor(selected: string[]) {
  const chips = filterChips.filter((c) => selected.includes(c.key));
  const amenities = chips.flatMap((c) => (c.amenity ? [c.amenity] : []));
  return {
    amenities: amenities.length ? amenities.join(',') : undefined,
    openNow: chips.some((c) => c.flag === 'openNow') ? ('true' as const) : undefined,
    allDay: chips.some((c) => c.flag === 'allDay') ? ('true' as const) : undefined,
  };
}
