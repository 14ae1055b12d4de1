import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../i18n';

const OPTIONS: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const current: Language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('app.language')}
      data-testid="language-switch"
      value={current}
      onChange={(value) => setLanguage(value)}
      options={OPTIONS.map((option) => ({ value: option.value, label: <span data-testid={`language-${option.value}`}>{option.label}</span> }))}
    />
  );
}
