import { integerArgument } from '../domain/input';

export const MAX_PAGE_SIZE = 500;

export function pageSizeArgument(text: string): number {
  return integerArgument('pageSize', text, 1, MAX_PAGE_SIZE);
}
