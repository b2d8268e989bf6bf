import { Text, View } from '@tarojs/components';
import { DRAW_ALGORITHM, drawOutcomeLabel, type DrawEntry, type DrawView } from '@shared/schemas/draw';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { ErrorState, Loading } from '../../components/states';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import { CopyText } from './copy-text';
import { verifyCommand } from './urls';
import './draws.css';

const stateText = (v: DrawView) =>
  v.state === 'drawn'
    ? `已于 ${beijingDisplay(v.drawnAt ?? v.closesAt)} 摇号`
    : v.state === 'closed'
      ? '报名已截止，等待摇号'
      : `报名中，${beijingDisplay(v.closesAt)} 截止后摇号`;

/**
 * 摇号公示, open to anyone: the commitment from the start; after the draw the seed, the algorithm and
 * the whole order a page at a time (names masked), the member's own place marked (`mine`: the
 * position of their sign-up, passed by the page that links here), and how to check it all.
 */
export function DrawPublic({ activityId, mine }: { activityId: string; mine?: number }) {
  const pages = usePages(
    async (cursor) => {
      const view = await api.getDraw({ params: { activityId }, query: cursor ? { cursor } : {} });
      return { items: view.entries, nextCursor: view.nextCursor, view };
    },
    [activityId],
  );
  const { data, items, error, loading, reload } = pages;
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading text="正在加载摇号公示…" />;
  const v = data!.view;
  const drawn = v.state === 'drawn';
  const algorithm = v.algorithm.length > 0 ? v.algorithm : DRAW_ALGORITHM;
  const mineShown = mine !== undefined && items!.some((e) => e.position === mine);

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">{v.title}</Text>
        <Text className="page-header__sub">{keepNumbersWhole(`${v.capacity} 个名额 · ${v.applicants} 个报名`)}</Text>
      </View>
      <View className="card">
        <Text className="card__title">摇号公示</Text>
        <Text className="draw__state">{stateText(v)}</Text>
        <CopyText label="承诺值 = SHA-256(种子)，截止前已公布" value={v.commitment} name="commitment" />
        {drawn && v.seed ? (
          <CopyText label="种子（开奖后公布）" value={v.seed} name="seed" />
        ) : (
          <Text className="muted">种子在摇号后公布；届时任何人都可以核对它的 SHA-256 是否等于上面的承诺值。</Text>
        )}
      </View>
      <View className="card">
        <Text className="card__title">摇号方法</Text>
        {algorithm.map((line) => (
          <Text key={line} className="draw__algorithm">
            {line}
          </Text>
        ))}
      </View>
      {drawn ? (
        <View className="card" data-draw-order>
          <Text className="card__title">摇号顺序</Text>
          {mine !== undefined ? (
            <Text className="draw__mine">
              {keepNumbersWhole(`我的位置：第 ${mine} 位`)}
              {mineShown || !pages.nextCursor ? '' : '（在后面，请点下方“加载更多”）'}
            </Text>
          ) : null}
          {items!.length === 0 ? <Text className="muted">没有人报名</Text> : null}
          {items!.map((e) => (
            <EntryRow key={e.key} entry={e} mine={e.position === mine} />
          ))}
          <ListFooter pages={pages} />
        </View>
      ) : null}
      <View className="card">
        <Text className="card__title">如何核对</Text>
        <Text className="draw__algorithm">
          开奖后，任何人都可以用公开的种子和报名编号按上面的方法重新计算顺序。在本项目的源代码目录运行下面的命令（地址即本公示的数据地址），显示“一致”即结果无误：
        </Text>
        <CopyText label="核对命令" value={verifyCommand(activityId)} name="verify" />
      </View>
    </View>
  );
}

/** Pieces that never break inside (a line breaks only between them): 「会员号尾 / 号」 split before. */
const wholePhrases = (phrases: string[], separator: string) =>
  phrases.map((phrase, i) => (
    <Text key={phrase + i}>
      {i > 0 ? separator : ''}
      <Text className="keep-whole">{phrase}</Text>
    </Text>
  ));

/**
 * One entry of the order: 第 N 位 and the outcome on one line, who on the next (on a narrow screen in
 * large text a row of three columns squeezed the name into one character per line).
 */
function EntryRow({ entry: e, mine }: { entry: DrawEntry; mine: boolean }) {
  const outcome = e.movedTo ? ['中签，', `名额调减后转${drawOutcomeLabel[e.movedTo]}`] : [drawOutcomeLabel[e.outcome]];
  return (
    <View className={mine ? 'draw-entry draw-entry--mine' : 'draw-entry'} data-entry={e.position} data-mine={mine || undefined}>
      <View className="draw-entry__head">
        <Text className="draw-entry__position keep-whole">{`第 ${e.position} 位`}</Text>
        <Text className={e.outcome === 'won' ? 'draw-entry__outcome draw-entry__outcome--won' : 'draw-entry__outcome'}>
          {wholePhrases(outcome, '')}
        </Text>
        {mine ? <Text className="draw-entry__tag">我的位置</Text> : null}
      </View>
      <Text className="draw-entry__who">{wholePhrases([e.name, `会员号尾号 ${e.memberNoTail}`, `${e.places} 人`], ' · ')}</Text>
    </View>
  );
}
