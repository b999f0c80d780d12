-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "cache_ttl_seconds" INTEGER;

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "rpm_limit" INTEGER,
ADD COLUMN     "tpm_limit" INTEGER;
