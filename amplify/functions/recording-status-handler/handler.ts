export const handler = async (event: unknown): Promise<void> => {
  console.log(JSON.stringify(event));
};
