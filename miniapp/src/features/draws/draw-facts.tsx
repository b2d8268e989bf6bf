import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { Activity } from '@shared/schemas/activity';
import { CopyText } from './copy-text';
import { noShowText } from './draw-status';
import { drawUrls } from './urls';
import './draws.css';

/** 摇号公示 →: the published draw (commitment now, the seed and the order after the close). */
export function DrawLink({ activityId, mine, label = '摇号公示' }: { activityId: string; mine?: number; label?: string }) {
  return (
    <View
      className="draw-link"
      role="link"
      data-draw-link={activityId}
      onClick={() => void Taro.navigateTo({ url: drawUrls.draw(activityId, mine) })}
    >
      <Text className="draw-link__text">{label}</Text>
      <Text className="draw-link__arrow" aria-hidden>
        ›
      </Text>
    </View>
  );
}

/**
 * A draw's part of the activity's details, for members: how places go, who may not enter, the
 * commitment (so the draw can be checked against it afterwards), and the way to the published draw.
 */
export function DrawFacts({ activity: a, mine }: { activity: Pick<Activity, 'id' | 'noShow' | 'draw'>; mine?: number }) {
  return (
    <View data-draw-facts={a.id}>
      <View className="info-row">
        <Text className="muted info-row__label">名额分配</Text>
        <Text className="info-row__value info-row__text info-row__text--long">
          报名截止后公开摇号，按摇号顺序分配名额；一家人（家长带孩子）是一个报名
        </Text>
      </View>
      {a.noShow ? (
        <View className="info-row">
          <Text className="muted info-row__label">未签到限制</Text>
          <Text className="info-row__value info-row__text info-row__text--long">{noShowText(a.noShow)}</Text>
        </View>
      ) : null}
      {a.draw ? (
        <View>
          <CopyText label="承诺值（摇号种子的 SHA-256，截止前公布，开奖后可核对）" value={a.draw.commitment} name="commitment" />
        </View>
      ) : null}
      <DrawLink activityId={a.id} mine={mine} />
    </View>
  );
}
