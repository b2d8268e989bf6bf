import { Text, View } from '@tarojs/components';
import './outreach.css';

/**
 * Charts drawn with Views: bars whose numbers are written on them, read at a glance on a phone
 * outdoors. No chart library: a bar is a View with a height or width in proportion to the largest
 * value, which weapp and H5 draw alike and which costs the staff subpackage a few hundred bytes.
 */

export interface Column {
  label: string;
  value: number;
}

/** the tallest bar, in design px (750 wide) */
const COLUMN_HEIGHT = 220;

/** more columns than this do not fit a phone's width: the chart scrolls, and says so when asked */
const COLUMNS_IN_VIEW = 8;

/**
 * Vertical bars, oldest (or first) on the left, the number above each bar and its label below;
 * wider than the screen (31 days) it scrolls sideways. An all-zero series says so instead.
 * `latestFirstInView`: it opens scrolled to its right (latest) end, not its first column — the
 * columns are laid out row-reverse (a browser starts such a scroller at the right), so the DOM
 * holds them latest first; `hint` is said under a chart too wide for the screen.
 */
export function ColumnChart({
  columns,
  label,
  empty = '暂无数据',
  latestFirstInView = false,
  hint,
}: {
  columns: Column[];
  label: string;
  empty?: string;
  latestFirstInView?: boolean;
  hint?: string;
}) {
  const max = Math.max(0, ...columns.map((c) => c.value));
  if (columns.length === 0 || max === 0) return <Text className="muted chart__empty">{empty}</Text>;
  const drawn = latestFirstInView ? [...columns].reverse() : columns;
  return (
    <View>
      <View className={latestFirstInView ? 'chart-columns chart-columns--latest' : 'chart-columns'} aria-label={label} role="img">
        {drawn.map((c) => (
          <View key={c.label} className="chart-columns__col" data-column={c.label}>
            <Text className="chart-columns__n">{c.value}</Text>
            {/* a 0 is a grey baseline, not a red stub that reads as "a few" */}
            <View
              className={c.value > 0 ? 'chart-columns__bar' : 'chart-columns__bar chart-columns__bar--zero'}
              style={{ height: `${c.value > 0 ? Math.max(6, Math.round((c.value / max) * COLUMN_HEIGHT)) : 2}px` }}
            />
            <Text className="chart-columns__label">{c.label}</Text>
          </View>
        ))}
      </View>
      {hint && columns.length > COLUMNS_IN_VIEW ? <Text className="muted chart__hint">{hint}</Text> : null}
    </View>
  );
}

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** what the bar is measured against (a service's places); absent: against the largest bar */
  of?: number;
  /** said after the number: "/ 30", "候补 2" */
  note?: string;
}

/**
 * Horizontal bars, one row each: the label, then the bar with its number beside it (outside the
 * bar, so "2 / 2" is never cut to "2" on a narrow phone with large text). Where the row is too
 * narrow the bar and number wrap under the label, and the number under the bar. Rows are shown in
 * the order given (callers sort largest first where the order means nothing else).
 */
export function BarList({ bars, empty = '暂无数据' }: { bars: Bar[]; empty?: string }) {
  const max = Math.max(0, ...bars.map((b) => b.of ?? b.value));
  if (bars.length === 0) return <Text className="muted chart__empty">{empty}</Text>;
  return (
    <View className="chart-bars">
      {bars.map((b) => {
        const whole = b.of ?? max;
        const share = whole > 0 ? Math.min(1, b.value / whole) : 0;
        return (
          <View key={b.key} className="chart-bars__row" data-bar={b.key}>
            <Text className="chart-bars__label">{b.label}</Text>
            <View className="chart-bars__bar">
              <View className="chart-bars__track">
                <View className="chart-bars__fill" style={{ width: `${Math.round(share * 100)}%` }} />
              </View>
              <Text className="chart-bars__n">{b.note ? `${b.value} ${b.note}` : String(b.value)}</Text>
            </View>
          </View>
        );
      })}
    </View>
  );
}

/**
 * Big numbers in a grid: the figures a union reports upward. A `wide` figure (words, not a number:
 * 「12 小时内」) takes a row of its own, so it is never broken mid-word in a narrow cell.
 */
export function FigureGrid({ figures }: { figures: { label: string; value: number | string; note?: string; wide?: boolean }[] }) {
  return (
    <View className="figure-grid">
      {figures.map((f) => (
        <View key={f.label} className={f.wide ? 'figure-grid__cell figure-grid__cell--wide' : 'figure-grid__cell'} data-figure={f.label}>
          <Text className="figure-grid__n">{f.value}</Text>
          <Text className="figure-grid__label">{f.label}</Text>
          {f.note ? <Text className="figure-grid__note">{f.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}
