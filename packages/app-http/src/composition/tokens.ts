import { token, type CoreDeps } from '@caio/core';
import type { AppConfig } from '../config/app-config.js';
import type { AppServices, WebhookIngress } from './app-services.js';
import type { InFlight } from './in-flight.js';

/**
 * Tokens for what only the app composes. Core ports (`StateStore`, `Clock`...) use the
 * tokens core exports under the same names as their interfaces.
 *
 * @category ports
 */
export const AppConfigToken = token<AppConfig>('app/AppConfig');
export const CoreDepsToken = token<CoreDeps>('app/CoreDeps');
export const WebhookIngressToken = token<WebhookIngress>('app/WebhookIngress');
export const InFlightToken = token<InFlight>('app/InFlight');
export const AppServicesToken = token<AppServices>('app/AppServices');
