import { Select, type SelectProps } from 'antd';
import type { DefaultOptionType } from 'antd/es/select';
import { useTranslation } from 'react-i18next';
import { enterprisesApi } from '../../api/endpoints';
import type { EnterpriseKind } from '../../api/types';
import { enterpriseName } from '../../shared/format';
import { useAsync } from '../../shared/useAsync';

interface Props extends Omit<SelectProps<string>, 'options' | 'loading' | 'showSearch'> {
  kind?: EnterpriseKind;
  /** Enterprises not to offer (e.g. those already on the watch list). */
  exclude?: ReadonlySet<string>;
}

const filterOption = (input: string, option?: DefaultOptionType) => String(option?.search ?? '').includes(input.trim().toLowerCase());

/**
 * Enterprises the user may see (GET /enterprises: customs see all; an enterprise user only itself and its
 * entrustment partners), searchable by Chinese or English name, USCC code and customs code.
 */
export function EnterpriseSelect({ kind, exclude, placeholder, ...rest }: Props) {
  const { t, i18n } = useTranslation();
  const list = useAsync(() => enterprisesApi.list({ kind }), [kind]);
  const options = (list.data?.items ?? [])
    .filter((enterprise) => !exclude?.has(enterprise.id))
    .map((enterprise) => ({
      value: enterprise.id,
      label: enterpriseName(enterprise, i18n.language),
      search: `${enterprise.nameZh} ${enterprise.nameEn} ${enterprise.usccCode} ${enterprise.customsCode}`.toLowerCase(),
    }));
  return (
    <Select<string>
      {...rest}
      placeholder={placeholder ?? t('admin.selectEnterprise')}
      loading={list.loading}
      status={list.error ? 'error' : rest.status}
      notFoundContent={list.error ? t('admin.enterprisesUnavailable') : undefined}
      showSearch={{ filterOption }}
      options={options}
    />
  );
}
