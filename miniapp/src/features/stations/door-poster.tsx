import { Button, Image, Text, View } from '@tarojs/components';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import './station-network.css';

/**
 * 门口二维码: an A4 poster for the station's door (name, address, a big QR). Scanning it opens the
 * station and counts a visit; the QR carries the door's token, so only this poster counts. On H5 打印
 * prints the poster alone on one page (station-network.css, print rules); WeChat cannot print, so
 * there the QR can be saved by a long press and printed from a computer.
 */
export function DoorPoster({ stationId }: { stationId: string }) {
  const { data, error, loading, reload } = useRequest(() => api.getDoorPoster({ params: { stationId } }), [stationId]);
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading || !data) return <Loading text="正在生成二维码…" />;
  const weapp = process.env.TARO_ENV === 'weapp';
  return (
    <View className="door-poster-page">
      <View className="card door-poster-tools">
        <Text className="card__title">门口二维码</Text>
        <Text className="muted door-poster-tools__hint">
          用 A4 纸打印，贴在驿站门口醒目处。职工扫码即打开驿站页面，记一次到访，还能一键反映门关着、没热水等情况。
        </Text>
        {weapp ? (
          <Text className="notice">长按下方二维码可保存图片；在电脑上打开工作台可直接打印整张 A4 海报。</Text>
        ) : (
          <Button className="big-button door-poster-tools__print" onClick={() => window.print()}>
            打印
          </Button>
        )}
      </View>
      <View className="door-poster" data-station={stationId}>
        <Text className="door-poster__title">{keepNumbersWhole(data.stationName)}</Text>
        <Text className="door-poster__address">{keepNumbersWhole(data.address)}</Text>
        <Image className="door-poster__qr" src={data.dataUrl} data-url={data.url} {...(weapp ? { showMenuByLongpress: true } : {})} />
        {/* two phrases, each whole (「…到访 · 反 / 映…」 broke the second at 320 px) */}
        <Text className="door-poster__call">
          <Text className="keep-whole">扫码记录到访</Text> · <Text className="keep-whole">反映驿站情况</Text>
        </Text>
        <Text className="door-poster__sub">微信扫一扫 · 门关着、没热水、设备坏了，一扫就能告诉工会</Text>
      </View>
    </View>
  );
}
