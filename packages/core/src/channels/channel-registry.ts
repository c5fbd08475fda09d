import { err, ok, type Result } from 'neverthrow';
import { isChannel, type Channel } from '../channel.js';
import { validationError, type ValidationError } from '../shared/validation-error.js';
import { BUILT_IN_CHANNEL_DESCRIPTORS, type ChannelDescriptor } from './channel-descriptor.js';

let builtIn: ChannelRegistry | undefined;

/**
 * The outbound channels known to a composition, with their capabilities. Immutable:
 * `register` answers a new registry, so a registry shared by use cases never changes
 * under them. Policy rules that name channels (exclusivity, first-touch eligibility,
 * campaign mapping) read it, so an adapter adds a channel without editing core.
 *
 * @category model
 */
export class ChannelRegistry {
  private constructor(private readonly byId: ReadonlyMap<Channel, ChannelDescriptor>) {}

  /** No channel at all (a composition that replaces the built-ins). */
  static empty(): ChannelRegistry {
    return new ChannelRegistry(new Map());
  }

  /** The built-in channels only (`ghl_email`, `instantly`, `heyreach`). */
  static builtIn(): ChannelRegistry {
    builtIn ??= BUILT_IN_CHANNEL_DESCRIPTORS.reduce((registry, descriptor) => registry.register(descriptor)._unsafeUnwrap(), ChannelRegistry.empty());
    return builtIn;
  }

  /** A registry with one more channel; refuses an ill-formed or taken id, or an exclusion of itself. */
  register(descriptor: ChannelDescriptor): Result<ChannelRegistry, ValidationError> {
    if (!isChannel(descriptor.id)) return err(validationError('channel', `"${String(descriptor.id).slice(0, 40)}" is not a channel id ([a-z][a-z0-9_]{1,31})`));
    if (this.byId.has(descriptor.id)) return err(validationError('channel', `${descriptor.id} is already registered`));
    const { exclusiveWith } = descriptor.capabilities;
    if (exclusiveWith !== '*' && exclusiveWith.includes(descriptor.id)) return err(validationError('channel', `${descriptor.id} cannot exclude itself`));
    return ok(new ChannelRegistry(new Map([...this.byId, [descriptor.id, descriptor]])));
  }

  get(id: Channel): ChannelDescriptor | undefined {
    return this.byId.get(id);
  }

  ids(): readonly Channel[] {
    return [...this.byId.keys()];
  }

  /**
   * Whether a person first touched on `first` may not be sent to on `next`: either
   * channel excludes the other. A channel no longer registered excludes everything
   * (fail closed: its history still counts).
   */
  excludes(first: Channel, next: Channel): boolean {
    if (first === next) return false;
    const a = this.byId.get(first);
    const b = this.byId.get(next);
    if (!a || !b) return true;
    const lists = (d: ChannelDescriptor, other: Channel) => d.capabilities.exclusiveWith === '*' || d.capabilities.exclusiveWith.includes(other);
    return lists(a, next) || lists(b, first);
  }

  /** Cards of this channel need a mapped provider campaign (false for an unregistered one: it is denied anyway). */
  needsCampaign(id: Channel): boolean {
    return this.byId.get(id)?.capabilities.needsCampaign ?? false;
  }

  /** This channel sends e-mail (a subject is required). */
  isEmail(id: Channel): boolean {
    return this.byId.get(id)?.capabilities.email ?? false;
  }
}

/** Cards of `channel` need a mapped provider campaign, per `registry` (default: the built-ins). @category model */
export const channelNeedsCampaign = (channel: Channel, registry: ChannelRegistry = ChannelRegistry.builtIn()): boolean => registry.needsCampaign(channel);

/** `channel` sends e-mail (a subject is required), per `registry` (default: the built-ins). @category model */
export const channelIsEmail = (channel: Channel, registry: ChannelRegistry = ChannelRegistry.builtIn()): boolean => registry.isEmail(channel);
