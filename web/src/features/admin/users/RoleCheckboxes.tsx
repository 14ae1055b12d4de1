import { Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../../api/types';

interface Props {
  roles: readonly Role[];
  value?: Role[];
  onChange?(value: Role[]): void;
  disabled?: boolean;
}

/** The roles a user may hold, one checkbox each (`user-role-<ROLE>`). */
export function RoleCheckboxes({ roles, value, onChange, disabled }: Props) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group<Role> value={value} onChange={(next) => onChange?.(next)} disabled={disabled} data-testid="user-roles" className="role-checkboxes">
      {roles.map((role) => (
        <Checkbox key={role} value={role} data-testid={`user-role-${role}`}>
          {t(`role.${role}`)}
        </Checkbox>
      ))}
    </Checkbox.Group>
  );
}
