import { Text, View } from '@tarojs/components';
import { PRIVACY_GUIDELINE_TITLE, PRIVACY_VERSION } from '@shared/schemas/privacy';
import { guidelineSections } from './guideline';
import './privacy.css';

/** The full guideline: readable before signing in (the first-run notice links here). */
export function PrivacyGuideline() {
  return (
    <View className="page privacy">
      <View className="page-header">
        <Text className="page-header__title">{PRIVACY_GUIDELINE_TITLE}</Text>
        <Text className="page-header__sub">版本 {PRIVACY_VERSION}</Text>
      </View>
      {guidelineSections.map((section) => (
        <View
          key={section.title}
          className={section.placeholder ? 'card privacy__section privacy__section--todo' : 'card privacy__section'}
        >
          <Text className="card__title">{section.title}</Text>
          {section.placeholder ? <Text className="privacy__todo-tag">待补全 · 上线前由工会填写</Text> : null}
          {section.paragraphs.map((p) => (
            <Text key={p} className="privacy__text">
              {p}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}
