export {
  API_KEY_PREFIX,
  MANAGEMENT_TOKEN_PREFIX,
  SECRET_BODY_LENGTH,
  displayPrefixOf,
  generateApiKey,
  generateManagementToken,
  hashApiKey,
  hashManagementToken,
  hashSecret,
  looksLikeApiKey,
  looksLikeManagementToken,
  safeEqualHex,
  type GeneratedSecret,
} from "./api-key.js";
export { randomBase62 } from "./base62.js";
export {
  SecretBoxError,
  decryptSecret,
  encryptSecret,
  generateKeyringKey,
  parseKeyring,
  rotateSecret,
  secretKeyVersion,
  type Keyring,
  type SecretBoxOptions,
} from "./secret-box.js";
