/**
 * Wire shapes of the data.gouv.fr objects the emulation serves, as loaded from
 * the fixtures (snake_case, exactly as udata sends them). Only the fields the
 * handlers read are named; every other key rides along untouched.
 */

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export interface BadgePayload extends JsonObject {
  readonly kind: string;
}

export interface OrganizationRefPayload extends JsonObject {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly acronym: string | null;
  readonly badges: readonly BadgePayload[];
}

export interface ResourcePayload extends JsonObject {
  /** UUID. */
  readonly id: string;
  readonly title: string;
  /** `main`, `documentation`, `update`, `api`, `code`, `other`. */
  readonly type: string;
  readonly format: string | null;
  readonly url: string;
  readonly extras: JsonObject;
}

/** v1 dataset (resources inline). */
export interface DatasetPayload extends JsonObject {
  /** 24-hex ObjectId. */
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly acronym: string | null;
  readonly description: string;
  readonly tags: readonly string[];
  readonly badges: readonly BadgePayload[];
  readonly organization: OrganizationRefPayload | null;
  readonly created_at: string;
  readonly last_update: string;
  readonly archived: string | null;
  readonly deleted: string | null;
  readonly private: boolean;
  readonly license: string;
  readonly extras: JsonObject;
  readonly metrics: JsonObject;
  readonly resources: readonly ResourcePayload[];
}

export interface OrganizationPayload extends JsonObject {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly acronym: string | null;
  readonly deleted: string | null;
  readonly badges: readonly BadgePayload[];
}

export interface DataservicePayload extends JsonObject {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly acronym: string | null;
  readonly description: string;
  readonly tags: readonly string[];
  readonly created_at: string;
  readonly deleted_at: string | null;
  readonly archived_at: string | null;
  readonly private: boolean;
  readonly organization: OrganizationRefPayload | null;
}

export interface ReusePayload extends JsonObject {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly created_at: string;
  readonly deleted: string | null;
  readonly private: boolean;
  readonly datasets: readonly JsonObject[];
}

export type SitePayload = JsonObject;

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
