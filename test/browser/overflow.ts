import type { Page } from 'playwright-core'

/** Elements that stick out of the viewport or out of their own box, which longer words or a mirrored layout would cause. */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const found: string[] = []
    for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
      const box = element.getBoundingClientRect()
      if (box.width === 0 && box.height === 0) continue
      const name = `${element.tagName.toLowerCase()}${element.className ? '.' + String(element.className).replace(/\s+/g, '.') : ''}`
      if (box.left < -1 || box.right > width + 1) found.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)} of 0..${width}`)
      const style = getComputedStyle(element)
      if (style.display !== 'inline' && element.tagName !== 'INPUT' && element.scrollWidth > element.clientWidth + 1) found.push(`${name} holds ${element.scrollWidth}px in ${element.clientWidth}px`)
    }
    if (document.documentElement.scrollWidth > width) found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px in ${width}px`)
    return found
  })
}
