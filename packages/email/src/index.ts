export { createMailer, sendMail, type Mailer, type MailerOptions, type MailMessage, type SentMail } from "./transport/mailer.js";
export { renderBudgetAlertEmail, type BudgetAlertInput, type RenderedMail } from "./templates/budget-alert.js";
export { escapeHtml, formatUsd } from "./templates/html.js";
