import { useEffect, useState } from 'react';
import { Button, Card, Input, Select, Space, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { declarationsApi } from '../../../api/endpoints';
import { DECLARATION_STATES, type DeclarationQueue, type DeclarationState } from '../../../api/types';
import { useAsync } from '../../../shared/useAsync';
import { ApiErrorAlert } from '../../../shared/errors';
import { DeclarationTable } from './DeclarationTable';

export type ListScope = { kind: 'mine' } | { kind: 'all' } | { kind: 'queue'; queue: DeclarationQueue };

const QUEUE_TITLES: Record<DeclarationQueue, string> = {
  'to-accept': 'nav.toAccept',
  'to-release': 'nav.toRelease',
  'to-clear': 'nav.toClear',
};

function parseStates(raw: string | null): DeclarationState[] {
  if (!raw) return [];
  return raw.split(',').filter((state): state is DeclarationState => (DECLARATION_STATES as readonly string[]).includes(state));
}

/** "My declarations", "All declarations" and the customs work queues: one table, filters kept in the URL. */
export function DeclarationListPage({ scope }: { scope: ListScope }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const states = parseStates(params.get('state'));
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const queue = scope.kind === 'queue' ? scope.queue : undefined;
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);

  const result = useAsync(
    () => declarationsApi.list({ q: q || undefined, state: states.length ? states : undefined, queue, page, pageSize }),
    [q, states.join(','), queue, page, pageSize],
  );

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const title = scope.kind === 'mine' ? t('nav.myDeclarations') : scope.kind === 'all' ? t('nav.allDeclarations') : t(QUEUE_TITLES[scope.queue]);
  const testId = scope.kind === 'queue' ? `queue-${scope.queue}` : `declarations-${scope.kind}`;

  return (
    <Card
      size="small"
      data-testid={testId}
      title={<Typography.Title level={5} style={{ margin: 0 }}>{title}</Typography.Title>}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={result.reload} data-testid="list-refresh">
            {t('app.refresh')}
          </Button>
          {scope.kind === 'mine' && (
            <Link to="/declarations/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="new-declaration">
                {t('nav.newDeclaration')}
              </Button>
            </Link>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          style={{ width: 380 }}
          placeholder={t('list.searchPlaceholder')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onSearch={(value) => update({ q: value.trim() || undefined, page: undefined })}
          data-testid="list-search"
          enterButton={t('app.search')}
        />
        {scope.kind !== 'queue' && (
          <Select<DeclarationState[]>
            mode="multiple"
            allowClear
            style={{ minWidth: 260 }}
            placeholder={t('list.stateFilter')}
            value={states}
            onChange={(value) => update({ state: value.join(',') || undefined, page: undefined })}
            options={DECLARATION_STATES.map((state) => ({ value: state, label: t(`state.${state}`) }))}
            data-testid="list-state-filter"
            showSearch={{ optionFilterProp: 'label' }}
            maxTagCount="responsive"
          />
        )}
      </Space>
      {result.error ? (
        <ApiErrorAlert error={result.error} onRetry={result.reload} />
      ) : (
        <DeclarationTable
          page={result.data}
          loading={result.loading}
          emptyText={scope.kind === 'queue' ? t('list.queueEmpty') : t('list.empty')}
          onPageChange={(nextPage, nextSize) => update({ page: String(nextPage), pageSize: String(nextSize) })}
        />
      )}
    </Card>
  );
}
