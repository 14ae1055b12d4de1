import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteModule } from '../../core/context.js';
import { auditedTransaction } from '../../core/audit/audit.js';
import { ACCESS } from '../../core/auth/policy.js';
import { auditActor } from '../../core/auth/actor.js';
import { ZProblem } from '../../core/http/problem.js';
import { runIdempotent } from '../../core/http/idempotency.js';
import {
  items,
  ZCommodity,
  ZCommodityCategory,
  ZCountry,
  ZCreateCommodityVersionRequest,
  ZCurrency,
  ZExchangeRate,
  ZExchangeRateParams,
  ZListCommoditiesQuery,
  ZListExchangeRatesQuery,
  ZPort,
  ZPutExchangeRateRequest,
  ZTransportMode,
} from './reference.schema.js';
import {
  commoditiesInForce,
  commodityVersions,
  createCommodityVersion,
  listCommodityCategories,
  listCountries,
  listCurrencies,
  listExchangeRates,
  listPorts,
  listTransportModes,
  setExchangeRate,
  todayInChina,
} from './reference.service.js';

const TAGS = ['reference'];

/** The reference catalogue: anyone signed in reads it; only system administrators change it. */
export const referenceRoutes: RouteModule = (parent, { db }) => {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/reference/commodity-categories',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listCommodityCategories',
        tags: TAGS,
        summary: 'Commodity categories of classified management (分类管理) and their supervision regimes',
        response: { 200: items(ZCommodityCategory), '4XX': ZProblem },
      },
    },
    async () => ({ items: await listCommodityCategories(db) }),
  );

  app.get(
    '/reference/commodities',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listCommodities',
        tags: TAGS,
        summary: 'Commodity lines in force on a date (default today), or every version with all=true',
        querystring: ZListCommoditiesQuery,
        response: { 200: items(ZCommodity), '4XX': ZProblem },
      },
    },
    async (request) => {
      const { all, date, code } = request.query;
      return { items: all ? await commodityVersions(db, code) : await commoditiesInForce(db, date ?? todayInChina(), code) };
    },
  );

  app.post(
    '/reference/commodities',
    {
      config: { access: ACCESS.systemAdmin },
      schema: {
        operationId: 'createCommodityVersion',
        tags: TAGS,
        summary: 'Add a new effective-dated version of a commodity line; the previous version ends the day before',
        body: ZCreateCommodityVersionRequest,
        response: { 201: ZCommodity, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const audit = { actor: auditActor(request.actor), correlationId: request.correlationId };
      const result = await runIdempotent(db, request, 'createCommodityVersion', async (tx) => {
        const { created } = await createCommodityVersion(tx, request.body, audit);
        return { statusCode: 201, body: created };
      });
      return reply.code(result.statusCode).send(result.body);
    },
  );

  app.get(
    '/reference/countries',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listCountries',
        tags: TAGS,
        summary: 'Countries and regions (ISO 3166-1 alpha-2) with Chinese and English names',
        response: { 200: items(ZCountry), '4XX': ZProblem },
      },
    },
    async () => ({ items: await listCountries(db) }),
  );

  app.get(
    '/reference/currencies',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listCurrencies',
        tags: TAGS,
        summary: 'Currencies (ISO 4217) with Chinese and English names',
        response: { 200: items(ZCurrency), '4XX': ZProblem },
      },
    },
    async () => ({ items: await listCurrencies(db) }),
  );

  app.get(
    '/reference/exchange-rates',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listExchangeRates',
        tags: TAGS,
        summary: 'Customs monthly exchange rates (CNY per unit), optionally for one month or currency',
        querystring: ZListExchangeRatesQuery,
        response: { 200: items(ZExchangeRate), '4XX': ZProblem },
      },
    },
    async (request) => ({ items: await listExchangeRates(db, request.query) }),
  );

  app.put(
    '/reference/exchange-rates/:currency/:month',
    {
      config: { access: ACCESS.systemAdmin },
      schema: {
        operationId: 'putExchangeRate',
        tags: TAGS,
        summary: 'Set the customs exchange rate of one currency for one month',
        params: ZExchangeRateParams,
        body: ZPutExchangeRateRequest,
        response: { 200: ZExchangeRate, 201: ZExchangeRate, '4XX': ZProblem },
      },
    },
    async (request, reply) => {
      const audit = { actor: auditActor(request.actor), correlationId: request.correlationId };
      const { rate, created } = await auditedTransaction(db, (tx) =>
        setExchangeRate(tx, { currencyCode: request.params.currency, month: request.params.month, cnyPerUnit: request.body.cnyPerUnit }, audit),
      );
      return reply.code(created ? 201 : 200).send(rate);
    },
  );

  app.get(
    '/reference/ports',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listPorts',
        tags: TAGS,
        summary: 'Ports of entry and their customs office codes',
        response: { 200: items(ZPort), '4XX': ZProblem },
      },
    },
    async () => ({ items: await listPorts(db) }),
  );

  app.get(
    '/reference/transport-modes',
    {
      config: { access: ACCESS.authenticated },
      schema: {
        operationId: 'listTransportModes',
        tags: TAGS,
        summary: 'Transport modes and their customs codes',
        response: { 200: items(ZTransportMode), '4XX': ZProblem },
      },
    },
    async () => ({ items: await listTransportModes(db) }),
  );
};
