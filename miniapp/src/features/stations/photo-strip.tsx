import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { PhotoView } from '@shared/schemas/station-photo';

/** The station's photos as thumbnails; a tap opens the full photos (swipe between them). */
export function PhotoStrip({ photos }: { photos: PhotoView[] }) {
  if (photos.length === 0) return null;
  const urls = photos.map((p) => p.url);
  return (
    <View className="card">
      <Text className="card__title">照片</Text>
      <View className="photos">
        {photos.map((photo) => (
          <Image
            key={photo.id ?? photo.url}
            className="photo"
            src={photo.thumbUrl}
            mode="aspectFill"
            onClick={() => Taro.previewImage({ urls, current: photo.url })}
          />
        ))}
      </View>
    </View>
  );
}
