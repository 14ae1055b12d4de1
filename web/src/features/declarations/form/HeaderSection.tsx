import { useEffect } from 'react';
import { Card, Checkbox, Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CurrentUser, EnterpriseRef } from '../../../api/types';
import { INCOTERMS } from '../../../api/types';
import { enterpriseName, localName } from '../../../shared/format';
import { useReference } from '../../reference/useReference';
import { splitLines, type FormValues } from './formModel';
import { useDeclarationRules } from './rules';

interface Props {
  user: CurrentUser;
  /** The importer cannot change once the draft exists (PATCH has no importerId). */
  importerLocked: boolean;
  /** The importer of an existing draft, shown even when it is not among today's entrusting importers. */
  existingImporter: EnterpriseRef | null;
}

const FREIGHT_NEEDED = new Set(['EXW', 'FCA', 'FOB']);

function searchable(label: string, value: string) {
  return { value, label, search: `${value} ${label}`.toLowerCase() };
}

const filterOption = (input: string, option?: { search?: string }) => Boolean(option?.search?.includes(input.toLowerCase()));

export function HeaderSection({ user, importerLocked, existingImporter }: Props) {
  const { t, i18n } = useTranslation();
  const rules = useDeclarationRules();
  const ports = useReference('ports');
  const transportModes = useReference('transportModes');
  const countries = useReference('countries');
  const currencies = useReference('currencies');
  const shippers = useReference('overseasShippers');
  const form = Form.useFormInstance<FormValues>();
  const transportMode = Form.useWatch('transportModeCode', form);
  const wagonText = Form.useWatch('wagonNumbers', form);
  const truckText = Form.useWatch('truckPlates', form);
  const lang = i18n.language;

  const importerChoices: EnterpriseRef[] =
    user.enterprise?.kind === 'AGENCY' ? user.entrustingImporters : user.enterprise ? [user.enterprise] : [];
  if (existingImporter && !importerChoices.some((e) => e.id === existingImporter.id)) importerChoices.push(existingImporter);

  const modeOptions = (['RAIL', 'ROAD'] as const).map((code) => {
    const entry = transportModes.items.find((mode) => mode.code === code);
    return { value: code, label: entry ? localName(entry, lang) : t(`transportMode.${code}`) };
  });
  const portOptions = ports.items
    .filter((port) => !transportMode || !port.transportModeCode || port.transportModeCode === transportMode)
    .map((port) => searchable(`${localName(port, lang)} (${port.code})`, port.code));
  const countryOptions = countries.items.map((country) => searchable(`${country.code} ${localName(country, lang)}`, country.code));
  const currencyOptions = currencies.items.map((currency) => searchable(`${currency.code} ${localName(currency, lang)}`, currency.code));
  const shipperOptions = shippers.items.map((shipper) =>
    searchable(`${shipper.name} (${localName({ nameZh: shipper.countryNameZh, nameEn: shipper.countryNameEn }, lang)})`, shipper.id),
  );
  const isRail = transportMode !== 'ROAD';
  const portCode = Form.useWatch('portCode', form);

  // A port serves one transport mode: keep them consistent, and fill in the port when only one fits (Horgos).
  useEffect(() => {
    if (!transportMode || ports.items.length === 0) return;
    const fitting = ports.items.filter((port) => port.transportModeCode === transportMode);
    const current = ports.items.find((port) => port.code === portCode);
    if (current && current.transportModeCode === transportMode) return;
    const next = fitting.length === 1 ? fitting[0]!.code : null;
    if ((portCode ?? null) !== next && (!portCode || current)) form.setFieldValue('portCode', next);
  }, [transportMode, portCode, ports.items, form]);

  return (
    <Card size="small" title={t('form.sectionHeader')} className="form-section">
      <Row gutter={12}>
        <Col xs={24} md={12} xl={8}>
          <Form.Item
            name="importerId"
            label={t('field.importer')}
            rules={[rules.required]}
            extra={importerLocked ? t('form.importerFixed') : importerChoices.length === 0 ? t('form.noEntrustment') : undefined}
          >
            <Select
              data-testid="field-importer"
              disabled={importerLocked || user.enterprise?.kind !== 'AGENCY'}
              placeholder={t('form.selectPlaceholder')}
              showSearch={{ filterOption }}
              options={importerChoices.map((importer) => ({
                ...searchable(enterpriseName(importer, lang), importer.id),
                search: `${importer.nameZh} ${importer.nameEn}`.toLowerCase(),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="transportModeCode" label={t('field.transportModeCode')} rules={[rules.required]}>
            <Select
              data-testid="field-transport-mode"
              showSearch={{ filterOption }}
              options={modeOptions.map((option) => searchable(option.label, option.value))}
              placeholder={t('form.selectPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Form.Item name="portCode" label={t('field.portCode')} rules={[rules.required]}>
            <Select
              data-testid="field-port"
              showSearch={{ filterOption }}
              loading={ports.loading}
              options={portOptions}
              placeholder={t('form.selectPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item
            name="arrivalDate"
            label={t('field.arrivalDate')}
            dependencies={['isAdvance']}
            rules={[rules.requiredDate, rules.arrivalNotFuture]}
          >
            <DatePicker style={{ width: '100%' }} data-testid="field-arrival-date" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Form.Item name="isAdvance" label={'\u00a0'} valuePropName="checked">
            <Checkbox data-testid="field-is-advance">{t('field.isAdvance')}</Checkbox>
          </Form.Item>
        </Col>
        {isRail ? (
          <>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="trainNumber" label={t('field.trainNumber')} rules={[rules.required, rules.trainNumber]}>
                <Input data-testid="field-train-number" maxLength={20} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Form.Item
                name="wagonNumbers"
                label={t('field.wagonNumbers')}
                rules={[rules.required, rules.listEntries, rules.wagons]}
                extra={`${t('field.wagonNumbersHelp')} · ${t('field.wagonCount', { count: splitLines(wagonText).length })}`}
              >
                <Input.TextArea data-testid="field-wagon-numbers" autoSize={{ minRows: 2, maxRows: 6 }} />
              </Form.Item>
            </Col>
          </>
        ) : (
          <Col xs={24} md={12} xl={8}>
            <Form.Item
              name="truckPlates"
              label={t('field.truckPlates')}
              rules={[rules.required, rules.listEntries]}
              extra={`${t('field.truckPlatesHelp')} · ${t('field.truckCount', { count: splitLines(truckText).length })}`}
            >
              <Input.TextArea data-testid="field-truck-plates" autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
        )}
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="contractNumber" label={t('field.contractNumber')} rules={[rules.required]}>
            <Input data-testid="field-contract-number" maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="invoiceNumber" label={t('field.invoiceNumber')} rules={[rules.required]}>
            <Input data-testid="field-invoice-number" maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="overseasShipperId" label={t('field.overseasShipper')}>
            <Select
              data-testid="field-overseas-shipper"
              allowClear
              showSearch={{ filterOption }}
              loading={shippers.loading}
              options={shipperOptions}
              placeholder={t('form.selectPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Form.Item name="incoterm" label={t('field.incoterm')} rules={[rules.required]}>
            <Select
              data-testid="field-incoterm"
              showSearch={{ filterOption }}
              options={INCOTERMS.map((term) => searchable(term, term))}
              placeholder={t('form.selectPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Form.Item name="currencyCode" label={t('field.currencyCode')} rules={[rules.required]}>
            <Select
              data-testid="field-currency"
              showSearch={{ filterOption }}
              loading={currencies.loading}
              options={currencyOptions}
              placeholder={t('form.searchPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item
            name="freight"
            label={t('field.freight')}
            dependencies={['incoterm']}
            rules={[rules.requiredWhen((get) => FREIGHT_NEEDED.has(String(get('incoterm')))), rules.decimal('freight')]}
          >
            <Input data-testid="field-freight" inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="insurance" label={t('field.insurance')} rules={[rules.decimal('insurance')]}>
            <Input data-testid="field-insurance" inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="originCountryCode" label={t('field.originCountryCode')} rules={[rules.required]}>
            <Select
              data-testid="field-origin-country"
              showSearch={{ filterOption }}
              loading={countries.loading}
              options={countryOptions}
              placeholder={t('form.searchPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="departureCountryCode" label={t('field.departureCountryCode')} rules={[rules.required]}>
            <Select
              data-testid="field-departure-country"
              showSearch={{ filterOption }}
              loading={countries.loading}
              options={countryOptions}
              placeholder={t('form.searchPlaceholder')}
            />
          </Form.Item>
        </Col>
      </Row>
      {Boolean(ports.error || countries.error || currencies.error) && (
        <Typography.Text type="danger">{t('error.codes.REFERENCE_DATA_MISSING')}</Typography.Text>
      )}
    </Card>
  );
}
