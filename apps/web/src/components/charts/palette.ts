export const SERIES_COLORS = ["#6d5efc", "#14b8a6", "#f59e0b", "#ef4444", "#3b82f6", "#ec4899", "#84cc16", "#a855f7", "#06b6d4", "#f97316"];
