import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import type { EvidencePhoto } from '@shared/schemas/network';

/** A task's photos as thumbnails under a label; a tap opens them full size (swipe between them). */
export function TaskPhotos({ label, photos }: { label: string; photos?: EvidencePhoto[] }) {
  if (!photos || photos.length === 0) return null;
  const urls = photos.map((p) => p.url);
  return (
    <View>
      <Text className="task-photos__label">{label}</Text>
      <View className="task-photos">
        {photos.map((photo) => (
          <Image
            key={photo.id}
            className="task-photo"
            src={photo.thumbUrl}
            mode="aspectFill"
            aria-label={`${label}，点击查看大图`}
            onClick={() => void Taro.previewImage({ urls, current: photo.url })}
          />
        ))}
      </View>
    </View>
  );
}
