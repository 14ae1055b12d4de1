import { useEffect, useState, type ReactNode } from 'react';
import { Input, Space } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

/** List filters kept in the URL (?q=…&kind=…), so a reload or a shared link shows the same list. */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ''])) as Record<K, string>;
  const update = (changes: Partial<Record<K, string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes) as [string, string | undefined][]) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  return { values, update };
}

/** The search box of an admin list: searches on Enter or the button, like the declaration lists. */
export function SearchBox({ value, onSearch, placeholder, testId, width = 320 }: { value: string; onSearch(value: string): void; placeholder: string; testId: string; width?: number }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <Input.Search
      allowClear
      style={{ width }}
      maxLength={100}
      placeholder={placeholder}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onSearch={(next) => onSearch(next.trim())}
      enterButton={t('app.search')}
      data-testid={testId}
    />
  );
}

export function Toolbar({ children }: { children: ReactNode }) {
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      {children}
    </Space>
  );
}
