import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreditClass, EnterpriseKind, EntrustmentStatus, Role } from '../../api/types';

const CREDIT_COLORS: Record<CreditClass, string> = { ADVANCED_CERTIFIED: 'green', GENERAL: 'blue', DISHONEST: 'red' };
const STATUS_COLORS: Record<EntrustmentStatus, string> = { ACTIVE: 'green', UPCOMING: 'processing', EXPIRED: 'default', REVOKED: 'red' };

export function CreditClassTag({ creditClass }: { creditClass: CreditClass }) {
  const { t } = useTranslation();
  return (
    <Tag color={CREDIT_COLORS[creditClass]} data-testid="credit-class-tag" data-credit-class={creditClass}>
      {t(`creditClass.${creditClass}`)}
    </Tag>
  );
}

export function EnterpriseKindTag({ kind }: { kind: EnterpriseKind }) {
  const { t } = useTranslation();
  return <Tag variant="outlined">{t(`enterpriseKind.${kind}`)}</Tag>;
}

export function EntrustmentStatusTag({ status }: { status: EntrustmentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="entrustment-status" data-status={status}>
      {t(`entrustmentStatus.${status}`)}
    </Tag>
  );
}

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  return (
    <Space size={[2, 2]} wrap>
      {roles.map((role) => (
        <Tag key={role} variant="filled" data-role={role}>
          {t(`role.${role}`)}
        </Tag>
      ))}
    </Space>
  );
}

export function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Tag color={active ? 'green' : 'default'} data-testid="user-active-tag" data-active={String(active)}>
      {active ? t('users.active') : t('users.inactive')}
    </Tag>
  );
}
