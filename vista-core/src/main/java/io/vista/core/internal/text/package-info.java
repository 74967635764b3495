/** Not API. Text formats shared by the modules (Python's float repr for messages and YAML). */
package io.vista.core.internal.text;
