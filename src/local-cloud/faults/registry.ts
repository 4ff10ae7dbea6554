/**
 * Applies a fault injector to a service registry: `withFaults(registry, injector)` returns a registry
 * that registers every handler wrapped, so each request first asks the injector, waits the delay it
 * decides and answers its error instead of calling the service. Requests reach the wrapper after SigV4
 * verification, so rules can match the caller's account.
 *
 *   services: (registry, env) => {
 *     const r = withFaults(registry, faults, { accountOf: (ctx) => deps.callerOf(ctx)?.accountId });
 *     registerKms(r, deps);
 *   }
 */
import { AwsError } from '../http/errors.js';
import type {
  JsonHandler,
  QueryHandler,
  RestHandler,
  S3Handler,
  S3Input,
  ServiceRegistry,
} from '../http/registry.js';
import type { RequestContext } from '../http/types.js';
import type { FaultInjector } from './injector.js';
import { s3OperationName } from './s3-operations.js';
import type { FaultDecision } from './types.js';

export interface WithFaultsOptions {
  /** How to wait; `setTimeout` unless given (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The caller's account for `account` rules. Unless given, `principal.accountId`, `accountId` or
   * `account` of the verified credential record.
   */
  accountOf?: (ctx: RequestContext) => string | undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function credentialAccount(ctx: RequestContext): string | undefined {
  if (ctx.caller.type !== 'Credentials') return undefined;
  const record = ctx.caller.credentials;
  const principal = record['principal'];
  const nested =
    typeof principal === 'object' && principal !== null
      ? (principal as Record<string, unknown>)['accountId']
      : undefined;
  const account = nested ?? record['accountId'] ?? record['account'];
  return typeof account === 'string' ? account : undefined;
}

type AnyHandler<I, R> = (input: I, ctx: RequestContext) => R;

export function withFaults(
  registry: ServiceRegistry,
  faults: Pick<FaultInjector, 'decide'>,
  options: WithFaultsOptions = {},
): ServiceRegistry {
  const sleep = options.sleep ?? realSleep;
  const accountOf = options.accountOf ?? credentialAccount;

  const apply = async (decision: FaultDecision): Promise<void> => {
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.error) {
      const { code, message, status, fault } = decision.error;
      throw new AwsError(code, message, { status, fault });
    }
  };

  function wrap<I, R>(
    handler: AnyHandler<I, R>,
    operationOf: (input: I, ctx: RequestContext) => string,
  ): AnyHandler<I, R | Promise<R>> {
    return (input, ctx) => {
      const decision = faults.decide({
        service: ctx.service,
        operation: operationOf(input, ctx),
        protocol: ctx.protocol,
        region: ctx.region,
        accountId: accountOf(ctx),
      });
      if (decision.delayMs === 0 && decision.error === undefined) return handler(input, ctx);
      return apply(decision).then(() => handler(input, ctx));
    };
  }

  const proxy: ServiceRegistry = new Proxy(registry, {
    get(target, property) {
      switch (property) {
        case 'query':
          return (service: string, action: string, handler: QueryHandler, opts?: object) => {
            target.query(service, action, wrap(handler, () => action) as QueryHandler, opts);
            return proxy;
          };
        case 'json':
          return (service: string, jsonTarget: string, handler: JsonHandler, opts?: object) => {
            target.json(
              service,
              jsonTarget,
              wrap(handler, (input) => input.operation),
              opts,
            );
            return proxy;
          };
        case 'rest':
          return (
            service: string,
            method: Parameters<ServiceRegistry['rest']>[1],
            template: string,
            handler: RestHandler,
            opts?: object,
          ) => {
            target.rest(
              service,
              method,
              template,
              wrap(handler, (_input, ctx) => ctx.operation) as RestHandler,
              opts,
            );
            return proxy;
          };
        case 's3':
          return (handler: S3Handler) => {
            target.s3(wrap(handler, (input: S3Input) => s3OperationName(input)) as S3Handler);
            return proxy;
          };
        default: {
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        }
      }
    },
  });
  return proxy;
}
