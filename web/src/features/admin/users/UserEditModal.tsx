import { useEffect, useState } from 'react';
import { App, Descriptions, Form, Input, Modal, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../../api/endpoints';
import type { Role, UpdateUserRequest, User } from '../../../api/types';
import { enterpriseName } from '../../../shared/format';
import { useShowServerErrors } from '../../../shared/formErrors';
import { RoleCheckboxes } from './RoleCheckboxes';
import { lostAdminRoles, rolesFor } from './userRules';

interface Values {
  displayName: string;
  roles: Role[];
  active: boolean;
}

const FIELDS = ['displayName', 'roles', 'active'] as const;

interface Props {
  /** The user to edit; null: closed. */
  user: User | null;
  /** The signed-in administrator: it may neither deactivate itself nor drop its own administrator role. */
  selfId: string;
  onClose(): void;
  onSaved(user: User): void;
}

/** Display name, roles and the active flag; deactivating ends the user's sessions at once. */
export function UserEditModal({ user, selfId, onClose, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showServerErrors = useShowServerErrors();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const active = Form.useWatch('active', form);
  const isSelf = user?.id === selfId;

  useEffect(() => {
    if (!user) return;
    form.resetFields();
    form.setFieldsValue({ displayName: user.displayName, roles: user.roles, active: user.active });
  }, [user, form]);

  const onFinish = async (values: Values) => {
    if (!user) return;
    const patch: UpdateUserRequest = {};
    if (values.displayName.trim() !== user.displayName) patch.displayName = values.displayName.trim();
    if (values.roles.length !== user.roles.length || values.roles.some((role) => !user.roles.includes(role))) patch.roles = values.roles;
    if (values.active !== user.active) patch.active = values.active;
    if (Object.keys(patch).length === 0) {
      message.info(t('admin.noChanges'));
      onClose();
      return;
    }
    setSaving(true);
    try {
      const saved = await usersApi.update(user.id, patch);
      message.success(patch.active === false ? t('users.deactivated', { username: saved.username }) : t('admin.saved'));
      onSaved(saved);
    } catch (error) {
      showServerErrors(form, error, { fields: FIELDS });
    } finally {
      setSaving(false);
    }
  };

  const selfDemotion = {
    validator: async (_: unknown, value: Role[] | undefined) => {
      if (!isSelf || !user) return;
      const lost = lostAdminRoles(user.roles, value ?? []);
      if (lost.length) throw new Error(t('users.selfDemotion', { roles: lost.map((role) => t(`role.${role}`)).join(t('admin.listSeparator')) }));
    },
  };

  return (
    <Modal
      open={user !== null}
      width={640}
      title={t('users.editTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('admin.save')}
      cancelText={t('app.cancel')}
      okButtonProps={{ ...({ 'data-testid': 'user-save' } as object) }}
      cancelButtonProps={{ ...({ 'data-testid': 'user-cancel' } as object) }}
      destroyOnHidden
      maskClosable={false}
    >
      {user && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('users.username')}>
            <span data-testid="user-edit-username">{user.username}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('users.affiliation')}>
            {user.enterprise ? enterpriseName(user.enterprise, i18n.language) : <Tag>{t('users.customsStaff')}</Tag>}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Form<Values> form={form} layout="vertical" size="small" onFinish={(values) => void onFinish(values)} disabled={saving} data-testid="user-form">
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('admin.required') }, { max: 100 }]}>
          <Input data-testid="user-display-name" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('user.roles')}
          extra={user?.enterprise ? t('users.enterpriseRolesOnly') : t('users.customsRolesOnly')}
          rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }, selfDemotion]}
        >
          <RoleCheckboxes roles={rolesFor(!user?.enterprise)} />
        </Form.Item>
        <Form.Item
          name="active"
          label={t('users.activeLabel')}
          valuePropName="checked"
          extra={isSelf ? t('users.selfDeactivation') : active === false && user?.active ? t('users.deactivateHint') : undefined}
        >
          <Switch data-testid="user-active" disabled={isSelf} checkedChildren={t('users.active')} unCheckedChildren={t('users.inactive')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
