/**
 * The xstate machine derived from a net: one event type per transition (`TransitionName`). Each event has
 * two candidate transitions — the named guard `enabled` (the model's guard on the abstract marking, the
 * only place it is evaluated for the step) with the named action `fire`, otherwise the action
 * `recordNotEnabled`. `fire` runs the transition's cryptography on the world (the simulated system's
 * memory — a side effect, so it is not an `assign`) and then enqueues either the model's effect on the
 * marking (an `assign` that computes a new context) or a `concrete.failed` event, which moves the machine
 * to its terminal `diverged` state. Nothing is written per transition: the machine is generated from
 * `net.transitions`.
 */
import { assign, createActor, enqueueActions, setup } from 'xstate';
import type { Value } from '../../model/expr/ast.ts';
import { holds, type Marking } from '../../model/expr/evaluate.ts';
import type { Net } from '../../model/net.ts';
import { fireEvaluated, transitionNamed } from '../../model/semantics.ts';
import type { TransitionName } from '../../model/transitions.ts';
import { S } from '../../model/vocabulary.ts';
import { CONCRETE_EFFECTS } from './effects.ts';
import type { World } from './world.ts';

/** Fire one binding of the transition named by `type` (the binding was checked against the net). */
export interface TransitionEvent {
  readonly type: TransitionName;
  readonly binding: Readonly<Record<string, Value>>;
  /** How an adversary step is carried out concretely (effects.ts, CONCRETE_DETAILS). */
  readonly detail?: string;
}

/** The concrete step of a transition the model had fired failed: the runs diverged. */
export interface ConcreteFailedEvent {
  readonly type: 'concrete.failed';
  readonly event: TransitionEvent;
  readonly error: string;
}

export type SimulationEvent = TransitionEvent | ConcreteFailedEvent;

export type LastOutcome =
  | { readonly kind: 'fired'; readonly event: TransitionEvent; readonly before: Marking }
  | { readonly kind: 'not-enabled'; readonly event: TransitionEvent }
  /** The model fired but the cryptography could not follow: the abstract and concrete runs diverged. */
  | { readonly kind: 'diverged'; readonly event: TransitionEvent; readonly error: string };

export interface SimulationContext {
  readonly net: Net;
  readonly world: World;
  readonly marking: Marking;
  readonly steps: number;
  readonly last: LastOutcome | undefined;
}

interface TransitionParams {
  readonly transition: TransitionName;
}

const asBinding = (event: TransitionEvent) => ({ transition: event.type, values: event.binding });
const isTransitionEvent = (event: SimulationEvent): event is TransitionEvent =>
  event.type !== 'concrete.failed';

function modelGuardHolds(context: SimulationContext, event: TransitionEvent): boolean {
  const spec = transitionNamed(context.net, event.type);
  return holds(
    spec.guard,
    context.net.interpretation,
    context.marking,
    new Map(Object.entries(event.binding)),
  );
}

/** Runs the transition's cryptography; returns the error message when the bytes could not follow. */
function runConcrete(context: SimulationContext, event: TransitionEvent, after: Marking): string | undefined {
  const effect = CONCRETE_EFFECTS[event.type];
  if (!effect) return undefined;
  try {
    effect(context.world, event.binding, {
      now: context.marking.scalars.get(S.now.name) as number,
      before: context.marking,
      after,
      ...(event.detail !== undefined ? { detail: event.detail } : {}),
    });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function createSimulationMachine(net: Net, world: World) {
  return setup({
    types: { context: {} as SimulationContext, events: {} as SimulationEvent },
    guards: {
      /** The model's guard of the named transition, under the event's binding. */
      enabled: ({ context, event }, params: TransitionParams) =>
        isTransitionEvent(event) && event.type === params.transition && modelGuardHolds(context, event),
    },
    actions: {
      /** The transition's cryptography, then the model's effect — or a divergence. */
      fire: enqueueActions(({ context, event, enqueue }) => {
        if (!isTransitionEvent(event)) return;
        const after = fireEvaluated(context.net, context.marking, asBinding(event));
        const error = runConcrete(context, event, after);
        if (error !== undefined) {
          enqueue.raise({ type: 'concrete.failed', event, error });
          return;
        }
        enqueue.assign({
          marking: after,
          steps: context.steps + 1,
          last: { kind: 'fired', event, before: context.marking },
        });
      }),
      recordNotEnabled: assign(
        ({ event }): Partial<SimulationContext> =>
          isTransitionEvent(event) ? { last: { kind: 'not-enabled', event } } : {},
      ),
      recordDivergence: assign(
        ({ event }): Partial<SimulationContext> =>
          event.type === 'concrete.failed'
            ? { last: { kind: 'diverged', event: event.event, error: event.error } }
            : {},
      ),
    },
  }).createMachine({
    id: net.name,
    context: { net, world, marking: net.initialMarking, steps: 0, last: undefined },
    initial: 'running',
    states: {
      running: {
        on: {
          ...Object.fromEntries(
            net.transitions.map((t) => {
              const params = { transition: t.name };
              return [
                t.name,
                [
                  { guard: { type: 'enabled', params }, actions: { type: 'fire' } },
                  { actions: 'recordNotEnabled' },
                ],
              ];
            }),
          ),
          'concrete.failed': { target: 'diverged', actions: 'recordDivergence' },
        },
      },
      /** Terminal: a concrete step failed where the model said it could be taken. */
      diverged: { type: 'final' },
    },
  });
}

/**
 * Starts the machine. An exception inside it (a guard that cannot be evaluated: a model defect) moves the
 * actor to its `error` status; the observer below only keeps xstate from also rethrowing it as an
 * unhandled error, because the simulation reads the status after every event and fails the step.
 */
export function startSimulation(net: Net, world: World) {
  const actor = createActor(createSimulationMachine(net, world));
  actor.subscribe({ error: () => undefined });
  return actor.start();
}
