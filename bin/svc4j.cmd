@echo off
rem svc4j launcher for Windows: finds a Java >= 21 (JAVA_HOME, then PATH) and runs dist\svc4j.jar.
setlocal
set "SVC4J_ROOT=%~dp0.."
set "SVC4J_JAR=%SVC4J_ROOT%\dist\svc4j.jar"
if not exist "%SVC4J_JAR%" (
  echo svc4j: %SVC4J_JAR% is missing: build it with "mvn -DskipTests package" using a JDK 21 or newer 1>&2
  exit /b 1
)
set "SVC4J_JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "SVC4J_JAVA=%JAVA_HOME%\bin\java.exe"
"%SVC4J_JAVA%" -XshowSettings:properties -version 2>&1 | findstr /r /c:"java.specification.version = 2[1-9]" /c:"java.specification.version = [3-9][0-9]" >nul
if errorlevel 1 (
  echo svc4j: no Java 21 or newer found: install one or set JAVA_HOME 1>&2
  exit /b 1
)
"%SVC4J_JAVA%" --enable-native-access=ALL-UNNAMED -jar "%SVC4J_JAR%" %*
exit /b %ERRORLEVEL%
