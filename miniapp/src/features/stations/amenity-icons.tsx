import { Text, View } from '@tarojs/components';
import { amenities, type Amenity } from '@shared/schemas/station';
import './stations.css';

/** Amenities as round pictures with one character, readable at a glance; labels when there is room. */
export function AmenityIcons({ list, withLabels = false }: { list: Amenity[]; withLabels?: boolean }) {
  return (
    <View className={withLabels ? 'amenities amenities--grid' : 'amenities'}>
      {list.map((a) => (
        <View key={a} className={`amenity amenity--${a}`} aria-label={amenities[a].label}>
          <Text className="amenity__glyph">{amenities[a].glyph}</Text>
          {withLabels ? <Text className="amenity__label">{amenities[a].label}</Text> : null}
        </View>
      ))}
    </View>
  );
}
