// @switchboard/core: tenant-scoped domain services for the dashboard and the management API.
export { ServiceError, isServiceError, httpStatusOf, type ServiceErrorCode } from "./errors.js";
export type { Actor, Db, ServiceCall, ServiceContext, Tx } from "./context.js";
export { ROLES, ROLE_PERMISSIONS, assertCan, can, isRole, type Permission, type Role } from "./permissions.js";
export {
  API_KEY_CACHE_PREFIX,
  API_KEY_INVALIDATE_CHANNEL,
  TENANT_INVALIDATE_CHANNEL,
  invalidateApiKey,
  invalidateTenant,
  type InvalidationRedis,
} from "./invalidation.js";
export { PICO_PER_USD, formatPicoUsd, parseUsdToPico, picoToDecimalString } from "./money.js";
export { addUtcDays, isoDay, periodStart, startOfUtcDay, startOfUtcMonth, startOfUtcWeek, type PeriodKind } from "./period.js";
export { actionMail, escapeHtml, sendMail, type Mail, type MailConfig } from "./mail/send-mail.js";

export { createApiKeyInput, updateApiKeyInput, type ApiKeyView, type CreateApiKeyInput, type UpdateApiKeyInput } from "./api-key/schema.js";
export { createApiKey } from "./api-key/create.js";
export { getApiKey, listApiKeys, type ApiKeyWithSpend } from "./api-key/list.js";
export { revokeApiKey } from "./api-key/revoke.js";
export { rotateApiKey } from "./api-key/rotate.js";
export { updateApiKey } from "./api-key/update.js";

export { createBudgetInput, updateBudgetInput, type CreateBudgetInput, type UpdateBudgetInput } from "./budget/schema.js";
export { createBudget, deleteBudget, updateBudget } from "./budget/mutate.js";
export { listAlertEvents, listBudgets, type BudgetView } from "./budget/list.js";

export { INVITATION_TTL_MS, inviteMember, inviteMemberInput, revokeInvitation } from "./member/invite.js";
export { acceptInvitation, findInvitation } from "./member/accept.js";
export { changeMemberRole, listMembers, removeMember } from "./member/manage.js";

export { createTenant, createTenantTx, deleteTenant, getTenant, listTenantsForUser, renameTenant, setStoreRequestBodies, tenantNameSchema } from "./tenant/tenant.js";

export {
  TOKEN_SCOPES,
  authenticateManagementToken,
  createManagementToken,
  createTokenInput,
  listManagementTokens,
  revokeManagementToken,
} from "./management-token/token.js";

export { createCredentialInput, createProviderCredential, credentialContext, deleteProviderCredential, listProviderCredentials } from "./provider-credential/credential.js";

export { createRoute, createRouteInput, deleteRoute, listRoutes, routeTargetSchema, updateRoute, updateRouteInput } from "./route/route.js";

export { spendByKeySince, tenantSpendSince } from "./usage/spend.js";
export { MAX_USAGE_RANGE_DAYS, spendByModel, usageByModelDay, usageDimensions, usageFilterInput, usageTotals, type UsageFilter, type UsageRow, type UsageTotals } from "./usage/query.js";
export { AUDIT_ACTION_GROUPS, listAuditLogs, listAuditLogsInput, type AuditLogView, type ListAuditLogsInput } from "./audit-log/list.js";
export { getRequestLog, listRequestLogs, listRequestLogsInput, type ListRequestLogsInput } from "./request-log/query.js";

export { BCRYPT_COST, checkPassword, hashPassword, passwordSchema } from "./auth/password.js";
export { consumeEmailToken, issueEmailToken, type EmailTokenPurpose } from "./auth/email-token.js";
export { signUp, signUpInput, type SignUpInput } from "./auth/sign-up.js";
export { LOCKOUT_MS, MAX_FAILED_LOGINS, verifyCredentials, type CredentialsResult } from "./auth/credentials.js";
export { reissueVerification, requestPasswordReset, resetPassword, verifyEmail } from "./auth/verify-email.js";
export { hitRateLimit, type RateLimitRedis, type RateLimitResult } from "./auth/rate-limit.js";
