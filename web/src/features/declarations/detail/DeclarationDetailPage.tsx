import { Button, Card, Col, Row, Space, Spin, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { declarationsApi } from '../../../api/endpoints';
import { useCurrentUser } from '../../../app/auth';
import { canInspect, isCustomsUser } from '../../../app/roles';
import { ScreeningCard } from '../../screening/ScreeningCard';
import { ApiErrorAlert } from '../../../shared/errors';
import { useAsync } from '../../../shared/useAsync';
import { LaneTag, StateTag } from '../tags';
import { AuditTimeline } from './AuditTimeline';
import { DeclarationActions } from './DeclarationActions';
import { HeaderDescriptions } from './HeaderDescriptions';
import { InspectionCard } from './InspectionCard';
import { ItemsTable } from './ItemsTable';
import { RiskCard } from './RiskCard';
import { TotalsCard } from './TotalsCard';

/** Everyone's view of one declaration: facts, items, tax, lane, inspection, history, and the allowed actions. */
export function DeclarationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const customs = isCustomsUser(user);
  const declaration = useAsync(() => declarationsApi.get(id), [id]);
  const audit = useAsync(() => declarationsApi.audit(id), [id]);

  if (declaration.error) return <ApiErrorAlert error={declaration.error} onRetry={declaration.reload} />;
  const d = declaration.data;
  if (!d) {
    return (
      <div className="page-center">
        <Spin description={t('app.loading')} />
      </div>
    );
  }

  const refresh = () => {
    declaration.reload();
    audit.reload();
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="declaration-detail" data-state={d.state}>
      <Card size="small">
        <div className="toolbar-row">
          <Space size="middle" wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('detail.title')} <Typography.Text code>{d.number ?? t('list.draftNumber')}</Typography.Text>
            </Typography.Title>
            <StateTag state={d.state} />
            {d.lane && <LaneTag lane={d.lane} />}
          </Space>
          <Space wrap>
            <DeclarationActions
              declaration={d}
              onChanged={(next) => {
                if (next) declaration.setData(next);
                else declaration.reload();
                audit.reload();
              }}
            />
            <Button icon={<ReloadOutlined />} onClick={refresh} loading={declaration.loading} data-testid="detail-refresh" aria-label={t('app.refresh')} />
          </Space>
        </div>
      </Card>
      <Card size="small" title={t('detail.header')}>
        <HeaderDescriptions declaration={d} />
      </Card>
      <Card size="small" title={t('detail.items')}>
        <ItemsTable declaration={d} />
      </Card>
      <TotalsCard totals={d.totals} currencyCode={d.currencyCode} />
      {customs && (
        <>
          <RiskCard declaration={d} customs />
          <ScreeningCard declarationId={d.id} />
        </>
      )}
      <Row gutter={12}>
        {!customs && (
          <Col xs={24} xl={8}>
            <RiskCard declaration={d} customs={false} />
          </Col>
        )}
        <Col xs={24} xl={customs ? 12 : 8}>
          <InspectionCard inspection={d.inspection} declarationId={d.id} canOpen={canInspect(user)} />
        </Col>
        <Col xs={24} xl={customs ? 12 : 8}>
          <AuditTimeline entries={audit.data?.items} loading={audit.loading} error={audit.error} onRetry={audit.reload} />
        </Col>
      </Row>
    </Space>
  );
}
