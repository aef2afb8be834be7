/**
 * The xstate machine derived from a net: one event type per transition. Each event has two candidate
 * transitions — the named guard `enabled` (the model's guard on the abstract marking) with the named
 * action `fire` (the model's effect plus the transition's concrete cryptography), both parameterized by
 * the transition's name; otherwise `notEnabled`. Nothing is written per transition: the machine is
 * generated from `net.transitions`.
 */
import { assign, createActor, setup } from 'xstate';
import type { Value } from '../../model/expr/ast.ts';
import type { Marking } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { fire, isEnabled } from '../../model/semantics.ts';
import { S } from '../../model/vocabulary.ts';
import { CONCRETE_EFFECTS } from './effects.ts';
import type { World } from './world.ts';

export interface FireEvent {
  /** The transition's name. */
  readonly type: string;
  readonly binding: Readonly<Record<string, Value>>;
}

export type LastOutcome =
  | { readonly kind: 'fired'; readonly event: FireEvent }
  | { readonly kind: 'not-enabled'; readonly event: FireEvent }
  /** The model fired but the cryptography could not follow: the abstract and concrete runs diverged. */
  | { readonly kind: 'diverged'; readonly event: FireEvent; readonly error: string };

export interface SimulationContext {
  readonly net: Net;
  readonly world: World;
  readonly marking: Marking;
  readonly steps: number;
  readonly last: LastOutcome | undefined;
}

interface TransitionParams {
  readonly transition: string;
}

const asBinding = (event: FireEvent) => ({ transition: event.type, values: event.binding });

export function createSimulationMachine(net: Net, world: World) {
  return setup({
    types: { context: {} as SimulationContext, events: {} as FireEvent },
    guards: {
      /** The model's guard of the named transition, under the event's binding. */
      enabled: ({ context, event }, params: TransitionParams) =>
        event.type === params.transition && isEnabled(context.net, context.marking, asBinding(event)),
      diverged: ({ context }) => context.last?.kind === 'diverged',
    },
    actions: {
      /** The model's effect on the marking, then the transition's cryptography on the world. */
      fire: assign(({ context, event }, params: TransitionParams): Partial<SimulationContext> => {
        const next = fire(context.net, context.marking, asBinding(event));
        const now = context.marking.scalars.get(S.now.name) as number;
        try {
          CONCRETE_EFFECTS[params.transition]?.(context.world, event.binding, now);
        } catch (error) {
          return {
            last: { kind: 'diverged', event, error: error instanceof Error ? error.message : String(error) },
          };
        }
        return { marking: next, steps: context.steps + 1, last: { kind: 'fired', event } };
      }),
      notEnabled: assign(
        ({ event }): Partial<SimulationContext> => ({ last: { kind: 'not-enabled', event } }),
      ),
    },
  }).createMachine({
    id: net.name,
    context: { net, world, marking: net.initialMarking, steps: 0, last: undefined },
    initial: 'running',
    states: {
      running: {
        always: { guard: 'diverged', target: 'diverged' },
        on: Object.fromEntries(
          net.transitions.map((t) => {
            const params = { transition: t.name };
            return [
              t.name,
              [
                { guard: { type: 'enabled', params }, actions: { type: 'fire', params } },
                { actions: 'notEnabled' },
              ],
            ];
          }),
        ),
      },
      /** Terminal: a concrete step failed where the model said it could be taken. */
      diverged: { type: 'final' },
    },
  });
}

export function startSimulation(net: Net, world: World) {
  return createActor(createSimulationMachine(net, world)).start();
}
