import { Button, Image, Text, View } from '@tarojs/components';
import './upload-tile.css';

/** Where a picked photo's upload is: on its way (with its progress), in storage, or refused or failed. */
export type UploadState = 'uploading' | 'done' | 'failed';

/**
 * One picked photo as a tile: the picture (a grey square when the file is no picture), what became
 * of its upload under it, and its buttons under that, each as wide as the tile — the same tile in
 * the inspection form and the 确认已处理 form, so a word never stacks a character a line beside a
 * squeezed picture. 重试 shows only when `onRetry` is given (a failure that may pass), 移除 whenever
 * the photo is not on its way.
 */
export function UploadTile({
  src,
  state,
  progress = 0,
  checking = false,
  error,
  onPreview,
  onRetry,
  onRemove,
}: {
  /** the picked file's local path; absent when the file is not a picture */
  src?: string;
  state: UploadState;
  progress?: number;
  /** the upload is done and the server is checking the photo: 正在检查照片… in place of the progress */
  checking?: boolean;
  error?: string;
  onPreview?: () => void;
  onRetry?: () => void;
  onRemove: () => void;
}) {
  return (
    <View className={`upload-tile upload-tile--${state}`}>
      {src ? (
        <Image className="upload-tile__image" src={src} mode="aspectFill" onClick={onPreview} />
      ) : (
        <View className="upload-tile__image" />
      )}
      {state === 'uploading' ? <Text className="upload-tile__progress">{checking ? '正在检查照片…' : `上传中 ${progress}%`}</Text> : null}
      {state === 'done' ? <Text className="upload-tile__done">已上传</Text> : null}
      {state === 'failed' && error ? <Text className="field-error upload-tile__error">{error}</Text> : null}
      {state === 'failed' && onRetry ? (
        <Button className="upload-tile__button" onClick={onRetry}>
          重试
        </Button>
      ) : null}
      {state !== 'uploading' ? (
        <Button className="upload-tile__button upload-tile__button--remove" onClick={onRemove}>
          移除
        </Button>
      ) : null}
    </View>
  );
}
