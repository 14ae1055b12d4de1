import { useEffect, useState } from 'react';
import { App, Col, Form, Input, Modal, Radio, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../../api/endpoints';
import type { CreateUserRequest, CurrentUser, Role, User } from '../../../api/types';
import { isSystemAdmin } from '../../../app/roles';
import { enterpriseName } from '../../../shared/format';
import { useIdempotencyKey, useShowServerErrors } from '../../../shared/formErrors';
import { EnterpriseSelect } from '../EnterpriseSelect';
import { RoleCheckboxes } from './RoleCheckboxes';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, rolesFor, USERNAME_PATTERN } from './userRules';

interface Values {
  username: string;
  displayName: string;
  password: string;
  affiliation: 'customs' | 'enterprise';
  enterpriseId?: string;
  roles: Role[];
}

const FIELDS = ['username', 'displayName', 'password', 'enterpriseId', 'roles'] as const;

interface Props {
  open: boolean;
  user: CurrentUser;
  onClose(): void;
  onCreated(user: User): void;
}

/**
 * A new user. A system administrator creates customs staff or users of any enterprise; an enterprise administrator
 * users of its own enterprise only, with enterprise roles.
 */
export function UserCreateModal({ open, user, onClose, onCreated }: Props) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showServerErrors = useShowServerErrors();
  const idempotency = useIdempotencyKey();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const systemAdmin = isSystemAdmin(user);
  const affiliation = Form.useWatch('affiliation', form);
  const isCustoms = systemAdmin && affiliation === 'customs';
  const allowedRoles = rolesFor(isCustoms);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    idempotency.reset();
    form.setFieldsValue({ affiliation: systemAdmin ? 'customs' : 'enterprise', roles: systemAdmin ? [] : ['ENTERPRISE_USER'] });
  }, [open, systemAdmin, form, idempotency]);

  // Switching between customs and enterprise drops the roles the other side cannot hold.
  const onValuesChange = (changed: Partial<Values>) => {
    if (changed.affiliation) {
      const roles = (form.getFieldValue('roles') as Role[] | undefined) ?? [];
      const allowed = rolesFor(changed.affiliation === 'customs');
      form.setFieldValue('roles', roles.filter((role) => allowed.includes(role)));
      if (changed.affiliation === 'customs') form.setFieldValue('enterpriseId', undefined);
    }
  };

  const onFinish = async (values: Values) => {
    const body: CreateUserRequest = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      password: values.password,
      roles: values.roles,
      // An enterprise administrator leaves it out: the server uses its own enterprise.
      ...(systemAdmin ? { enterpriseId: values.affiliation === 'customs' ? null : values.enterpriseId } : {}),
    };
    setSaving(true);
    try {
      const created = await usersApi.create(body, idempotency.keyFor(body));
      idempotency.reset();
      message.success(t('users.created', { username: created.username }));
      onCreated(created);
    } catch (error) {
      showServerErrors(form, error, {
        fields: FIELDS,
        describe: (fieldError) => (fieldError.code === 'DUPLICATE' && fieldError.path === 'username' ? t('users.usernameTaken') : undefined),
      });
    } finally {
      setSaving(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('admin.required') };
  return (
    <Modal
      open={open}
      width={680}
      title={t('users.createTitle')}
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
      <Form<Values> form={form} layout="vertical" size="small" onFinish={(values) => void onFinish(values)} onValuesChange={onValuesChange} disabled={saving} data-testid="user-form" autoComplete="off">
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              extra={t('users.usernameHelp')}
              rules={[required, { pattern: USERNAME_PATTERN, message: t('users.usernameFormat') }]}
            >
              <Input data-testid="user-username" maxLength={64} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="displayName" label={t('users.displayName')} rules={[required, { max: 100 }]}>
              <Input data-testid="user-display-name" maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="password"
              label={t('users.password')}
              extra={t('users.passwordHelp', { min: MIN_PASSWORD_LENGTH })}
              rules={[
                { required: true, message: t('admin.required') },
                { min: MIN_PASSWORD_LENGTH, message: t('users.passwordTooShort', { min: MIN_PASSWORD_LENGTH }) },
                { max: MAX_PASSWORD_LENGTH },
              ]}
            >
              <Input.Password data-testid="user-password" maxLength={MAX_PASSWORD_LENGTH} autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            {systemAdmin ? (
              <Form.Item name="affiliation" label={t('users.affiliation')}>
                <Radio.Group>
                  <Radio value="customs" data-testid="user-affiliation-customs">
                    {t('users.customsStaff')}
                  </Radio>
                  <Radio value="enterprise" data-testid="user-affiliation-enterprise">
                    {t('users.enterpriseUser')}
                  </Radio>
                </Radio.Group>
              </Form.Item>
            ) : (
              <Form.Item label={t('user.enterprise')}>
                <Typography.Text data-testid="user-own-enterprise">{enterpriseName(user.enterprise, i18n.language)}</Typography.Text>
              </Form.Item>
            )}
          </Col>
          {systemAdmin && affiliation === 'enterprise' && (
            <Col xs={24}>
              <Form.Item name="enterpriseId" label={t('user.enterprise')} rules={[{ required: true, message: t('admin.required') }]}>
                <EnterpriseSelect data-testid="user-enterprise" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item
              name="roles"
              label={t('user.roles')}
              extra={isCustoms ? t('users.customsRolesOnly') : t('users.enterpriseRolesOnly')}
              rules={[{ required: true, type: 'array', min: 1, message: t('users.rolesRequired') }]}
            >
              <RoleCheckboxes roles={allowedRoles} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
