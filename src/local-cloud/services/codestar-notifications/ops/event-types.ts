/**
 * ListEventTypes: the event types of every supported resource kind, filtered by RESOURCE_TYPE
 * (`Pipeline`, `Project`, `Repository`, `Application`) and SERVICE_NAME (`CodePipeline`, …).
 */
import { paginate } from '../../shared/paging.js';
import { NotificationErrors } from '../errors.js';
import { EVENT_TYPES, type EventType } from '../event-types.js';
import { readFilters, readPage } from '../input.js';
import type { NotificationsOperations } from './types.js';

const FILTERS = ['RESOURCE_TYPE', 'SERVICE_NAME'] as const;

export const eventTypeOperations: NotificationsOperations = {
  ListEventTypes(_deps, f, call) {
    const filters = readFilters(f, FILTERS);
    const { limit, token } = readPage(f);
    call.authorize({ action: 'codestar-notifications:ListEventTypes', resource: '*' });
    const matches = (e: EventType) =>
      filters.every(({ name, value }) =>
        name === 'RESOURCE_TYPE' ? e.ResourceType === value : e.ServiceName === value,
      );
    const page = paginate({
      items: EVENT_TYPES.filter(matches),
      sortKey: (e) => e.EventTypeId,
      limit,
      token,
      invalidToken: NotificationErrors.invalidToken,
    });
    return { EventTypes: page.items, NextToken: page.nextToken };
  },
};
