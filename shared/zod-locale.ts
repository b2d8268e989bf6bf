import { z } from 'zod';

// Validation messages in Chinese, wherever the shared schemas are parsed (functions and app).
z.config(z.locales.zhCN());
