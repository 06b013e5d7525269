// Placeholder: the real handler is being written; infra tests only need the entry file to exist.
export const handler = async (): Promise<void> => {};
