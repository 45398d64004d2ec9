<%@ page session="false" %>
<%@ taglib prefix="c" uri="jakarta.tags.core" %>
<%@ taglib prefix="fn" uri="jakarta.tags.functions" %>
<%@ taglib prefix="t" tagdir="/WEB-INF/tags" %>
<t:layout title="Register">
  <h1>Register</h1>
  <form class="form" method="post" action="<c:url value='/register'/>" novalidate>
    <t:csrf/>
    <div class="field">
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" value="${fn:escapeXml(param.username)}"<t:describedBy field="username"/>>
      <span class="hint">Letters, digits, dots, dashes and underscores.</span>
      <t:errors field="username"/>
    </div>
    <div class="field">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" autocomplete="email" maxlength="120" value="${fn:escapeXml(param.email)}"<t:describedBy field="email"/>>
      <t:errors field="email"/>
    </div>
    <div class="field">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="new-password"<t:describedBy field="password"/>>
      <span class="hint">At least 8 characters.</span>
      <t:errors field="password"/>
    </div>
    <div class="field">
      <label for="password2">Repeat Password</label>
      <input id="password2" name="password2" type="password" autocomplete="new-password"<t:describedBy field="password2"/>>
      <t:errors field="password2"/>
    </div>
    <div class="actions"><input class="button" type="submit" name="submit" value="Register"></div>
  </form>
  <p class="aside">Already registered? <a href="<c:url value='/login'/>">Sign in</a></p>
</t:layout>
