import { Text, View } from '@tarojs/components';
import { amenities, type Amenity } from '@shared/schemas/station';
import './stations.css';

/**
 * Amenities as a small round picture with its name beside it (热水饮水, 手机充电): a lone character
 * in a circle was a guessing game. `large` is the detail page's grid.
 */
export function AmenityIcons({ list, large = false }: { list: Amenity[]; large?: boolean }) {
  return (
    <View className={large ? 'amenities amenities--large' : 'amenities'}>
      {list.map((a) => (
        <View key={a} className={`amenity amenity--${a}`} data-amenity={a}>
          <Text className="amenity__glyph" aria-hidden>
            {amenities[a].glyph}
          </Text>
          <Text className="amenity__label">{amenities[a].label}</Text>
        </View>
      ))}
    </View>
  );
}
